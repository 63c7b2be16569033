#!/usr/bin/env python3
"""Generate the synthetic photographs for the demo burglary case.

Writes four small JPEGs (three CSI scene photographs and one CCTV still) into
demo/burglary/images/.  All pictures are drawn from shapes; nothing here is a
real photograph.  Output is deterministic for a given Pillow version.

Usage:
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pillow
    /tmp/venv/bin/python demo/tools/make-images.py [output-dir]

Pillow is only needed to regenerate the images; it is not a dependency of
the evidence project itself.
"""

import math
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "burglary", "images"))

FONT_DIRS = [
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/Library/Fonts",
    "/System/Library/Fonts/Supplemental",
]


def font(size, bold=False, mono=False):
    """DejaVu if available, otherwise Pillow's built-in scalable font."""
    names = []
    if mono:
        names += ["DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf", "Courier New.ttf"]
    names += ["DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", "Arial.ttf"]
    for d in FONT_DIRS:
        for n in names:
            p = os.path.join(d, n)
            if os.path.exists(p):
                return ImageFont.truetype(p, size)
    return ImageFont.load_default(size=size)


def add_noise(img, seed, amount=14, blur=0.6):
    """Overlay deterministic grain so the JPEG looks photographic."""
    rng = random.Random(seed)
    w, h = img.size
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    if blur:
        noise = noise.filter(ImageFilter.GaussianBlur(blur))
    noise = noise.convert(img.mode)
    # Centre the noise on mid-grey, then blend lightly.
    return Image.blend(img, noise, amount / 255.0 * 2)


def vignette(img, strength=0.35):
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    d.ellipse((-w * 0.25, -h * 0.25, w * 1.25, h * 1.25), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(min(w, h) // 6))
    dark = Image.new(img.mode, img.size, 0)
    return Image.composite(img, Image.blend(img, dark, strength), mask)


def exif_for(make, model, when, description, artist=None, software=None):
    ex = Image.Exif()
    ex[0x010F] = make            # Make
    ex[0x0110] = model           # Model
    ex[0x010E] = description     # ImageDescription
    ex[0x0132] = when            # DateTime
    if artist:
        ex[0x013B] = artist      # Artist
    if software:
        ex[0x0131] = software    # Software
    ex[0x8298] = "Westshire Police"  # Copyright
    sub = ex.get_ifd(0x8769)     # Exif sub-IFD
    sub[0x9003] = when           # DateTimeOriginal
    sub[0x9004] = when           # DateTimeDigitized
    sub[0x9011] = "+00:00"       # OffsetTimeOriginal (GMT in March 2026)
    return ex


def placard(d, x, y, lines, w=210):
    """White CSI photo ID card with black text."""
    f = font(13, bold=True)
    fs = font(12)
    h = 20 + 17 * len(lines)
    d.rectangle((x + 3, y + 3, x + w + 3, y + h + 3), fill=(40, 40, 40))
    d.rectangle((x, y, x + w, y + h), fill=(246, 246, 240), outline=(20, 20, 20), width=2)
    d.text((x + 8, y + 6), lines[0], font=f, fill=(10, 10, 10))
    for i, t in enumerate(lines[1:], 1):
        d.text((x + 8, y + 6 + 17 * i), t, font=fs, fill=(10, 10, 10))


def scale_rule(d, x, y, length=180, vertical=False):
    """Black/white photographic scale in centimetres."""
    seg = length / 10
    for i in range(10):
        c = (15, 15, 15) if i % 2 == 0 else (240, 240, 235)
        if vertical:
            d.rectangle((x, y + i * seg, x + 14, y + (i + 1) * seg), fill=c)
        else:
            d.rectangle((x + i * seg, y, x + (i + 1) * seg, y + 14), fill=c)
    if vertical:
        d.rectangle((x, y, x + 14, y + length), outline=(0, 0, 0))
    else:
        d.rectangle((x, y, x + length, y + 14), outline=(0, 0, 0))
        d.text((x + 2, y + 15), "cm", font=font(10), fill=(20, 20, 20))


def marker(d, x, y, label):
    """Yellow numbered evidence marker tent."""
    d.polygon([(x, y + 34), (x + 14, y), (x + 30, y), (x + 44, y + 34)], fill=(245, 200, 20), outline=(60, 50, 0))
    d.rectangle((x + 4, y + 34, x + 40, y + 38), fill=(170, 140, 10))
    d.text((x + 22, y + 18), label, font=font(18, bold=True), fill=(0, 0, 0), anchor="mm")


def broken_pane(d, box, rng, hole_centre, interior=(28, 30, 34)):
    """Draw a shattered glass pane with a jagged hole and radial cracks."""
    x0, y0, x1, y1 = box
    cx, cy = hole_centre
    pts = []
    for k in range(14):
        a = 2 * math.pi * k / 14 + rng.uniform(-0.15, 0.15)
        r = rng.uniform(22, 52)
        pts.append((cx + r * math.cos(a), cy + r * 0.8 * math.sin(a)))
    d.polygon(pts, fill=interior)
    for k in range(11):
        a = 2 * math.pi * k / 11 + rng.uniform(-0.2, 0.2)
        px, py = cx, cy
        r = 45
        while True:
            r += rng.uniform(12, 28)
            a += rng.uniform(-0.18, 0.18)
            nx, ny = cx + r * math.cos(a), cy + r * math.sin(a)
            nx = min(max(nx, x0), x1)
            ny = min(max(ny, y0), y1)
            d.line((px, py, nx, ny), fill=(235, 240, 245), width=1)
            px, py = nx, ny
            if nx in (x0, x1) or ny in (y0, y1) or r > 260:
                break
    # concentric stress rings
    for r in (70, 105):
        seg = []
        for k in range(0, 360, 8):
            if rng.random() < 0.7:
                a = math.radians(k)
                seg.append((cx + r * math.cos(a), cy + r * 0.8 * math.sin(a)))
            elif len(seg) > 1:
                d.line(seg, fill=(220, 228, 235), width=1)
                seg = []
        if len(seg) > 1:
            d.line(seg, fill=(220, 228, 235), width=1)


# --------------------------------------------------------------------------
# DC/1  rear kitchen window, exterior
# --------------------------------------------------------------------------
def scene_window(path):
    rng = random.Random(101)
    W, H = 640, 480
    img = Image.new("RGB", (W, H), (150, 85, 60))
    d = ImageDraw.Draw(img)

    # brickwork (stretcher bond)
    bh, bw = 18, 50
    for row in range(0, H // bh + 1):
        off = (bw // 2) if row % 2 else 0
        for col in range(-1, W // bw + 2):
            x = col * bw - off
            y = row * bh
            base = rng.randint(-22, 22)
            c = (150 + base, 78 + base // 2 + rng.randint(-8, 8), 55 + base // 3)
            d.rectangle((x + 2, y + 2, x + bw - 1, y + bh - 1), fill=c)
    # patio slabs
    d.rectangle((0, 405, W, H), fill=(160, 158, 150))
    for x in range(-40, W, 120):
        d.line((x, 405, x - 30, H), fill=(110, 108, 100), width=2)
    d.line((0, 445, W, 445), fill=(110, 108, 100), width=2)
    # window sill (stone)
    d.rectangle((128, 352, 512, 372), fill=(205, 200, 188), outline=(120, 118, 110))
    # uPVC frame
    fx0, fy0, fx1, fy1 = 140, 70, 500, 352
    d.rectangle((fx0, fy0, fx1, fy1), fill=(238, 238, 232), outline=(150, 150, 145), width=2)
    mid = (fx0 + fx1) // 2
    # right pane (hinged side, seen from outside): intact glass, sky reflection
    rp = (mid + 8, fy0 + 16, fx1 - 16, fy1 - 16)
    for i in range(rp[3] - rp[1]):
        t = i / (rp[3] - rp[1])
        d.line((rp[0], rp[1] + i, rp[2], rp[1] + i), fill=(int(120 + 60 * t), int(140 + 50 * t), int(160 + 40 * t)))
    d.line((rp[0] + 20, rp[3] - 20, rp[0] + 110, rp[1] + 30), fill=(220, 230, 240), width=3)
    # left pane as seen from outside (the right-hand casement from inside the
    # kitchen): broken through near the handle
    lp = (fx0 + 16, fy0 + 16, mid - 8, fy1 - 16)
    for i in range(lp[3] - lp[1]):
        t = i / (lp[3] - lp[1])
        d.line((lp[0], lp[1] + i, lp[2], lp[1] + i), fill=(int(110 + 50 * t), int(130 + 45 * t), int(150 + 35 * t)))
    broken_pane(d, lp, rng, (lp[2] - 62, lp[3] - 66))
    # mullion; handle on the broken casement, turned to the open position
    d.rectangle((mid - 8, fy0 + 10, mid + 8, fy1 - 10), fill=(232, 232, 226), outline=(150, 150, 145))
    d.rectangle((mid - 22, 190, mid - 14, 240), fill=(245, 245, 245), outline=(120, 120, 120))
    d.rectangle((mid - 50, 186, mid - 14, 194), fill=(245, 245, 245), outline=(120, 120, 120))
    # pry / tool marks between casement and mullion, beside the handle
    for k in range(5):
        yy = 250 + k * 9 + rng.randint(-2, 2)
        d.line((mid - 10, yy, mid + 2, yy + 3), fill=(70, 70, 66), width=2)
    d.ellipse((mid - 16, 244, mid + 8, 296), outline=(200, 30, 30), width=2)
    # glass fragments on the sill and patio
    for _ in range(40):
        x = rng.randint(140, 360)
        y = rng.choice([rng.randint(354, 368), rng.randint(410, 470)])
        s = rng.randint(2, 7)
        d.polygon([(x, y), (x + s, y + rng.randint(-2, 2)), (x + rng.randint(0, s), y + s)], fill=(215, 225, 232))
    # drainpipe
    d.rectangle((560, 0, 574, 405), fill=(40, 40, 42))
    for y in range(40, 400, 110):
        d.rectangle((556, y, 578, y + 8), fill=(30, 30, 32))
    # scale and placard
    scale_rule(d, 390, 380, 170)
    placard(d, 14, 380, ["WESTSHIRE POLICE  CSI", "WS/11472/26  DC/1", "27 Wrenfield Rd, Castlemere", "14/03/2026 12:41  D. CARTER"], w=215)

    img = vignette(add_noise(img, 1101, amount=10), 0.25)
    img = img.filter(ImageFilter.SMOOTH)
    ex = exif_for("NIKON CORPORATION", "NIKON D7500", "2026:03:14 12:41:07",
                  "DC/1 WS/11472/26 27 Wrenfield Road rear kitchen window exterior",
                  artist="Deborah CARTER CSI 5062", software="Ver.1.22")
    img.save(path, "JPEG", quality=82, exif=ex)


# --------------------------------------------------------------------------
# DC/2  kitchen interior, glass and footwear mark on worktop
# --------------------------------------------------------------------------
def scene_kitchen(path):
    rng = random.Random(202)
    W, H = 640, 480
    img = Image.new("RGB", (W, H), (214, 206, 186))
    d = ImageDraw.Draw(img)
    # wall tiles behind worktop
    for y in range(170, 300, 24):
        for x in range(0, W, 24):
            v = rng.randint(-6, 6)
            d.rectangle((x + 1, y + 1, x + 23, y + 23), fill=(228 + v, 228 + v, 222 + v))
    # window seen from inside
    wx0, wy0, wx1, wy1 = 170, 30, 470, 230
    d.rectangle((wx0, wy0, wx1, wy1), fill=(240, 240, 236), outline=(160, 160, 150), width=2)
    # garden beyond: hedge and sky
    gp = (wx0 + 14, wy0 + 14, wx1 - 14, wy1 - 14)
    d.rectangle(gp, fill=(170, 190, 205))
    d.rectangle((gp[0], gp[1] + 95, gp[2], gp[3]), fill=(70, 105, 60))
    for _ in range(160):
        x = rng.randint(gp[0], gp[2] - 6)
        y = rng.randint(gp[1] + 85, gp[3] - 6)
        g = rng.randint(70, 130)
        d.ellipse((x, y, x + 8, y + 6), fill=(40, g, 35))
    midx = (wx0 + wx1) // 2
    d.rectangle((midx - 6, wy0 + 8, midx + 6, wy1 - 8), fill=(236, 236, 230))
    broken_pane(d, (midx + 6, gp[1], gp[2], gp[3]), rng, (midx + 62, gp[3] - 48), interior=(95, 120, 80))
    d.rectangle((midx + 12, 110, midx + 20, 150), fill=(245, 245, 245), outline=(120, 120, 120))  # handle, open
    # worktop
    d.polygon([(0, 300), (W, 300), (W, 372), (0, 372)], fill=(58, 56, 54))
    d.rectangle((0, 300, W, 306), fill=(80, 78, 75))
    for _ in range(900):
        x, y = rng.randint(0, W - 1), rng.randint(306, 371)
        v = rng.randint(40, 95)
        d.point((x, y), fill=(v, v, v - 2))
    # cupboard doors
    d.rectangle((0, 372, W, H), fill=(238, 236, 228))
    for x in range(0, W, 160):
        d.rectangle((x + 4, 380, x + 155, H), outline=(190, 188, 180), width=2)
        d.rectangle((x + 70, 392, x + 90, 398), fill=(150, 150, 150))
    # sink under the window, kettle on the left
    d.rounded_rectangle((185, 310, 305, 360), 10, fill=(190, 192, 195), outline=(140, 140, 145))
    d.ellipse((240, 328, 252, 340), fill=(90, 90, 95))
    d.rectangle((238, 268, 246, 312), fill=(170, 172, 176))
    d.rectangle((238, 268, 270, 276), fill=(170, 172, 176))
    d.rounded_rectangle((40, 240, 100, 305), 12, fill=(30, 30, 34))
    d.rectangle((98, 255, 110, 285), outline=(30, 30, 34), width=4)
    # glass fragments below window on worktop
    for _ in range(70):
        x = rng.randint(318, 460)
        y = rng.randint(308, 368)
        s = rng.randint(2, 9)
        d.polygon([(x, y), (x + s, y + rng.randint(-3, 3)), (x + rng.randint(0, s), y + s)], fill=(205, 218, 226))
    # partial footwear mark (dusty sole, zig-zag tread)
    sx, sy = 478, 316
    d.ellipse((sx, sy, sx + 100, sy + 38), outline=(150, 146, 140), width=2)
    for k in range(0, 92, 7):
        d.line((sx + 6 + k, sy + 8, sx + 10 + k, sy + 30), fill=(140, 136, 130), width=2)
    # markers
    marker(d, 372, 328, "1")
    marker(d, 586, 318, "2")
    scale_rule(d, 478, 358, 120)
    placard(d, 12, 14, ["WESTSHIRE POLICE  CSI", "WS/11472/26  DC/2", "Kitchen - worktop below", "window  14/03/2026 12:52"], w=200)

    img = vignette(add_noise(img, 2202, amount=10), 0.3)
    img = img.filter(ImageFilter.SMOOTH)
    ex = exif_for("NIKON CORPORATION", "NIKON D7500", "2026:03:14 12:52:31",
                  "DC/2 WS/11472/26 27 Wrenfield Road kitchen worktop, glass (1) and footwear mark (2)",
                  artist="Deborah CARTER CSI 5062", software="Ver.1.22")
    img.save(path, "JPEG", quality=82, exif=ex)


# --------------------------------------------------------------------------
# DC/3  main bedroom, drawers pulled out, empty jewellery box
# --------------------------------------------------------------------------
def scene_bedroom(path):
    rng = random.Random(303)
    W, H = 640, 480
    img = Image.new("RGB", (W, H), (200, 196, 210))
    d = ImageDraw.Draw(img)
    # wall / carpet
    d.rectangle((0, 0, W, 300), fill=(205, 200, 214))
    d.rectangle((0, 300, W, H), fill=(120, 110, 100))
    for _ in range(2500):
        x, y = rng.randint(0, W - 1), rng.randint(300, H - 1)
        v = rng.randint(-18, 18)
        d.point((x, y), fill=(120 + v, 110 + v, 100 + v))
    d.line((0, 300, W, 300), fill=(240, 240, 240), width=6)  # skirting
    # bed
    d.rectangle((300, 140, 630, 200), fill=(90, 65, 45))                # headboard
    d.rectangle((290, 200, 640, 360), fill=(235, 232, 225))             # mattress
    d.polygon([(290, 250), (640, 240), (640, 380), (290, 380)], fill=(88, 120, 160))  # duvet
    for k in range(6):
        y = 260 + k * 20
        d.arc((300, y - 10, 640, y + 30), 190, 350, fill=(70, 100, 140), width=2)
    d.rounded_rectangle((320, 205, 430, 245), 14, fill=(250, 250, 248))   # pillows
    d.rounded_rectangle((470, 205, 590, 245), 14, fill=(250, 250, 248))
    # open, empty jewellery box on the duvet
    jx, jy = 430, 285
    d.rectangle((jx, jy, jx + 90, jy + 45), fill=(110, 60, 40), outline=(60, 30, 20), width=2)
    d.rectangle((jx + 6, jy + 6, jx + 84, jy + 39), fill=(130, 20, 40))  # velvet lining
    for k in range(3):
        d.line((jx + 10, jy + 14 + k * 9, jx + 80, jy + 14 + k * 9), fill=(90, 10, 25), width=2)
    d.polygon([(jx, jy), (jx + 90, jy), (jx + 96, jy - 40), (jx + 6, jy - 40)], fill=(100, 55, 35), outline=(60, 30, 20))
    # chest of drawers with drawers pulled out
    cx0, cy0, cx1, cy1 = 30, 150, 250, 330
    d.rectangle((cx0, cy0, cx1, cy1), fill=(170, 130, 90), outline=(100, 70, 45), width=2)
    d.rectangle((cx0 - 6, cy0 - 8, cx1 + 6, cy0), fill=(150, 110, 75))
    for i in range(4):
        y0 = cy0 + 8 + i * 42
        if i in (0, 2):
            # pulled out: offset down/right
            d.polygon([(cx0 + 8, y0), (cx1 - 8, y0), (cx1 + 14, y0 + 18), (cx0 + 30, y0 + 18)], fill=(120, 85, 55))
            d.rectangle((cx0 + 30, y0 + 18, cx1 + 14, y0 + 52), fill=(185, 145, 100), outline=(100, 70, 45))
            for _ in range(5):  # spilled clothing
                x = rng.randint(cx0 + 34, cx1 - 10)
                c = rng.choice([(60, 60, 90), (200, 200, 200), (150, 40, 50), (40, 90, 70)])
                d.ellipse((x, y0 + 6, x + 36, y0 + 26), fill=c)
        else:
            d.rectangle((cx0 + 8, y0, cx1 - 8, y0 + 36), fill=(185, 145, 100), outline=(100, 70, 45))
            d.ellipse(((cx0 + cx1) // 2 - 5, y0 + 14, (cx0 + cx1) // 2 + 5, y0 + 22), fill=(80, 60, 40))
    # clothes on the floor
    for _ in range(9):
        x, y = rng.randint(20, 280), rng.randint(350, 440)
        c = rng.choice([(60, 60, 90), (200, 200, 200), (150, 40, 50), (40, 90, 70), (230, 210, 120)])
        d.chord((x, y, x + rng.randint(40, 80), y + rng.randint(18, 35)), 0, 360, fill=c)
    # framed picture on wall
    d.rectangle((330, 40, 470, 120), fill=(60, 50, 40))
    d.rectangle((338, 48, 462, 112), fill=(150, 175, 190))
    d.polygon([(338, 112), (390, 70), (430, 100), (462, 80), (462, 112)], fill=(90, 120, 80))
    marker(d, 525, 330, "3")
    marker(d, 150, 335, "4")
    placard(d, 12, 14, ["WESTSHIRE POLICE  CSI", "WS/11472/26  DC/3", "Front bedroom (main)", "14/03/2026 13:18"], w=200)

    img = vignette(add_noise(img, 3303, amount=10), 0.35)
    img = img.filter(ImageFilter.SMOOTH)
    ex = exif_for("NIKON CORPORATION", "NIKON D7500", "2026:03:14 13:18:54",
                  "DC/3 WS/11472/26 27 Wrenfield Road front bedroom, drawers disturbed, jewellery box (3)",
                  artist="Deborah CARTER CSI 5062", software="Ver.1.22")
    img.save(path, "JPEG", quality=82, exif=ex)


# --------------------------------------------------------------------------
# GT/1  CCTV still, 29 Wrenfield Road, CAM 2 FRONT DRIVE (infra-red, night)
# --------------------------------------------------------------------------
def cctv_still(path):
    rng = random.Random(404)
    W, H = 704, 576   # PAL D1, as exported by most small DVRs
    img = Image.new("L", (W, H), 38)
    d = ImageDraw.Draw(img)
    # sky and opposite houses
    d.rectangle((0, 0, W, 170), fill=22)
    for hx in range(-30, W, 150):
        d.polygon([(hx, 170), (hx, 95), (hx + 70, 55), (hx + 140, 95), (hx + 140, 170)], fill=48)
        d.rectangle((hx + 20, 115, hx + 50, 145), fill=30)
        d.rectangle((hx + 90, 115, hx + 120, 145), fill=30)
    # pavement, kerb, road (perspective)
    d.polygon([(0, 170), (W, 170), (W, 205), (0, 215)], fill=70)     # far pavement
    d.polygon([(0, 215), (W, 205), (W, 350), (0, 390)], fill=52)     # road
    d.line((0, 300, W, 280), fill=90, width=3)                         # centre line (faded)
    for x in range(0, W, 70):
        d.line((x, 300 - x * 20 / W, x + 35, 300 - (x + 35) * 20 / W), fill=52, width=4)
    d.polygon([(0, 390), (W, 350), (W, 380), (0, 425)], fill=92)     # near kerb/pavement
    d.polygon([(0, 425), (W, 380), (W, H), (0, H)], fill=78)         # driveway block paving
    for y in range(430, H, 22):
        d.line((0, y, W, y - 40), fill=64, width=1)
    # street lamp glow (upper right)
    glow = Image.new("L", (W, H), 0)
    gd = ImageDraw.Draw(glow)
    gd.ellipse((560, 60, 700, 200), fill=170)
    glow = glow.filter(ImageFilter.GaussianBlur(40))
    img = Image.composite(Image.new("L", (W, H), 215), img, glow)
    d = ImageDraw.Draw(img)
    d.line((630, 130, 630, 330), fill=60, width=6)
    d.rectangle((612, 122, 648, 134), fill=235)
    # dark hatchback, parked facing left, lights off
    car = [(170, 300), (190, 262), (250, 236), (360, 232), (410, 262), (470, 268), (482, 300), (480, 322), (168, 326)]
    d.polygon(car, fill=18)
    d.polygon([(205, 266), (255, 242), (300, 240), (300, 266)], fill=66)   # rear side window
    d.polygon([(308, 240), (356, 238), (398, 266), (308, 266)], fill=60)   # front side window
    d.line((304, 240, 304, 320), fill=30, width=2)
    d.ellipse((195, 300, 250, 352), fill=8)
    d.ellipse((400, 298, 455, 350), fill=8)
    d.ellipse((212, 316, 233, 336), fill=70)
    d.ellipse((417, 314, 438, 334), fill=70)
    d.rectangle((170, 282, 178, 298), fill=110)  # rear lamp catching IR
    # number plate area: bloomed by IR, unreadable
    plate = Image.new("L", (W, H), 0)
    ImageDraw.Draw(plate).rectangle((160, 300, 176, 314), fill=255)
    plate = plate.filter(ImageFilter.GaussianBlur(4))
    img = Image.composite(Image.new("L", (W, H), 230), img, plate)
    d = ImageDraw.Draw(img)
    # figure in hooded top carrying a holdall, walking towards the car
    fx, fy = 520, 232
    d.ellipse((fx - 11, fy, fx + 11, fy + 24), fill=14)                  # hood
    d.polygon([(fx - 18, fy + 22), (fx + 18, fy + 22), (fx + 22, fy + 80), (fx - 20, fy + 80)], fill=16)  # body
    d.polygon([(fx - 16, fy + 80), (fx - 2, fy + 80), (fx - 8, fy + 140), (fx - 20, fy + 140)], fill=96)   # light joggers
    d.polygon([(fx + 2, fy + 80), (fx + 18, fy + 80), (fx + 24, fy + 138), (fx + 10, fy + 140)], fill=96)
    d.ellipse((fx - 24, fy + 136, fx - 4, fy + 146), fill=235)           # white trainers
    d.ellipse((fx + 8, fy + 134, fx + 28, fy + 144), fill=235)
    d.line((fx + 17, fy + 40, fx + 36, fy + 62), fill=20, width=9)         # arm
    d.line((fx + 30, fy + 62, fx + 42, fy + 56), fill=120, width=3)        # strap
    d.rounded_rectangle((fx + 18, fy + 60, fx + 66, fy + 96), 7, fill=84, outline=110)  # holdall
    d.line((fx + 22, fy + 70, fx + 62, fy + 70), fill=104, width=2)        # zip
    # IR look: soften, grain, interlace lines
    img = img.filter(ImageFilter.GaussianBlur(1.1))
    img = add_noise(img, 4404, amount=16, blur=0)
    lines = Image.new("L", (W, H), 0)
    ld = ImageDraw.Draw(lines)
    for y in range(0, H, 3):
        ld.line((0, y, W, y), fill=255)
    img = Image.composite(img.point(lambda v: int(v * 0.9)), img, lines)
    # burned-in overlay
    d = ImageDraw.Draw(img)
    fo = font(22, bold=True, mono=True)
    def osd(xy, text, anchor="la"):
        x, y = xy
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (1, 1)):
            d.text((x + dx, y + dy), text, font=fo, fill=0, anchor=anchor)
        d.text((x, y), text, font=fo, fill=255, anchor=anchor)
    osd((16, 14), "2026-03-14 02:13:47 CAM 2")
    osd((W - 16, H - 14), "FRONT DRIVE", anchor="rd")
    osd((16, H - 14), "IR", anchor="ld")

    ex = exif_for("Generic NVR", "NVR-8CH (export)", "2026:03:14 02:13:47",
                  "CAM 2 FRONT DRIVE still exported by owner, 29 Wrenfield Road (GT/1)",
                  software="NVR Client 3.4 snapshot export")
    img.convert("RGB").save(path, "JPEG", quality=72, exif=ex)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    os.makedirs(out, exist_ok=True)
    jobs = [
        ("DC-1_rear-kitchen-window.jpg", scene_window),
        ("DC-2_kitchen-worktop.jpg", scene_kitchen),
        ("DC-3_front-bedroom.jpg", scene_bedroom),
        ("GT-1_cctv-cam2-0213.jpg", cctv_still),
    ]
    for name, fn in jobs:
        p = os.path.join(out, name)
        fn(p)
        print(f"{os.path.getsize(p):8d}  {p}")


if __name__ == "__main__":
    main()
