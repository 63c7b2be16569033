#!/usr/bin/env python3
"""An independent reader and verifier for evidence repositories, format version 1.

Written only from docs/FORMAT.md (cited as §n) and the C2SP specs it cites (tlog-tiles,
tlog-checkpoint, signed-note), to show that the document is precise enough; never from the
Swift sources. Needs Python 3.11 and the `cryptography` package.

  evidence_reader.py verify REPO [--user NAME --passphrase-file F] [--recovery-passphrase-file F]
                                 [--verifier-key VKEY|FILE] [--explain]
  evidence_reader.py dump REPO --user NAME --passphrase-file F [--recovery-passphrase-file F]

verify prints each check and each problem; dump prints every entry with its opened parts and
every item with its current metadata as JSON lines (the report goes to standard error).
--verifier-key is the log's verifier key as the auditor keeps it: entry 0's, or any later key of the
log key chain (§7.8), which is followed from entry 0's key in either case; without it, entry 0's key
is trusted on first use.
--explain prints intermediate values (keys, hashes), to compare with §11's worked example.
Exit status: 0 when everything holds, 65 when anything fails, 64 for a usage error.
"""
import argparse, base64, binascii, hashlib, hmac, json, os, re, struct, sys, unicodedata, zlib
from datetime import datetime, timedelta, timezone

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

EX_OK, EX_USAGE, EX_DATAERR = 0, 64, 65


class Bad(Exception):
    """Something that does not follow FORMAT.md."""


class Report:
    """Prints checks, problems, notes and (with --explain) intermediate values as they come."""

    def __init__(self, explain=False, out=sys.stdout):
        self.explaining, self.out, self.problems, self.notes, self.passed = explain, out, [], [], 0

    def ok(self, text):
        self.passed += 1
        print(f"ok       {text}", file=self.out)

    def fail(self, where, text):
        text = text.removeprefix(where + ": ")
        self.problems.append(f"{where}: {text}")
        print(f"PROBLEM  {where}: {text}", file=self.out)

    def note(self, text):
        self.notes.append(text)
        print(f"note     {text}", file=self.out)

    def explain(self, label, value):
        if self.explaining:
            print(f"explain  {label}: {value.hex() if isinstance(value, bytes) else value}", file=self.out)

    def attempt(self, where, fn, *args):
        """fn(*args), with a Bad reported as a problem of `where` (and None returned)."""
        try:
            return fn(*args)
        except Bad as e:
            self.fail(where, str(e))


# ------------------------------------------------------------------ §1 Conventions

CROCKFORD = "[0-9A-HJKMNP-TV-Z]"
TIME_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
NAME_RE = re.compile(r"[a-z][a-z0-9._-]{0,63}")
ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def check_id(value, prefix, what):
    """Ids: prefix, '_', 26 Crockford base32 characters, the first 0-7."""
    if not (isinstance(value, str) and re.fullmatch(f"{prefix}_[0-7]{CROCKFORD}{{25}}", value)):
        raise Bad(f"{what}: not a {prefix}_ id: {value!r}")
    return value


def check_time(value, what):
    """Times: exactly YYYY-MM-DDTHH:MM:SS.mmmZ, and a real date."""
    try:
        if not (isinstance(value, str) and TIME_RE.fullmatch(value)):
            raise ValueError
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        raise Bad(f"{what}: not a time: {value!r}") from None


def b64(text, what, length=None):
    """Base64: standard alphabet with padding, canonical (re-encoding gives the same text)."""
    try:
        raw = base64.b64decode(text, validate=True) if isinstance(text, str) else None
    except (binascii.Error, ValueError):
        raw = None
    if raw is None or base64.b64encode(raw).decode() != text:
        raise Bad(f"{what}: not canonical base64")
    if length is not None and len(raw) != length:
        raise Bad(f"{what}: {len(raw)} bytes, expected {length}")
    return raw


def b64e(raw):
    return base64.b64encode(raw).decode()


def hexbytes(text, what, length=32):
    if not (isinstance(text, str) and re.fullmatch(f"[0-9a-f]{{{2 * length}}}", text)):
        raise Bad(f"{what}: not {length} bytes of lowercase hex")
    return bytes.fromhex(text)


def canonical_json(value):
    """JSON: RFC 8785 restricted to objects, arrays, strings, true/false/null and integers."""
    if value is None or value is True or value is False:
        return {None: b"null", True: b"true", False: b"false"}[value]
    if isinstance(value, int):
        return str(value).encode()
    if isinstance(value, str):  # escape " \ and controls, nothing else; the rest as UTF-8
        s = "".join(ESCAPES.get(c) or (f"\\u{ord(c):04x}" if ord(c) < 0x20 else c) for c in value)
        try:
            return b'"' + s.encode("utf-8") + b'"'
        except UnicodeEncodeError:
            raise Bad("unpaired surrogate in a string") from None
    if isinstance(value, list):
        return b"[" + b",".join(canonical_json(v) for v in value) + b"]"
    if isinstance(value, dict):  # members sorted by the UTF-16 code units of their names
        names = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return b"{" + b",".join(canonical_json(k) + b":" + canonical_json(value[k]) for k in names) + b"}"
    raise Bad(f"value outside the JSON data model: {value!r}")


def parse_json(data, what, canonical=True):
    """Reject invalid UTF-8, duplicate names, non-integers, integers beyond ±(2^53 − 1),
    unpaired surrogates and (canonical) any bytes that are not the value's canonical encoding."""
    def pairs(kv):
        if len({k for k, _ in kv}) != len(kv):
            raise Bad(f"{what}: duplicate member name")
        return dict(kv)

    def integer(text):
        if abs(int(text)) > 2**53 - 1:
            raise Bad(f"{what}: integer {text} outside ±(2^53 − 1)")
        return int(text)

    def no_float(text):
        raise Bad(f"{what}: non-integer number {text}")

    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=pairs, parse_int=integer,
                           parse_float=no_float, parse_constant=no_float)
        encoded = canonical_json(value)
    except UnicodeDecodeError:
        raise Bad(f"{what}: invalid UTF-8") from None
    except json.JSONDecodeError as e:
        raise Bad(f"{what}: not JSON ({e})") from None
    except Bad as e:
        raise Bad(f"{what}: {str(e).removeprefix(what + ': ')}") from None
    if canonical and encoded != data:
        raise Bad(f"{what}: not in canonical form (RFC 8785 as restricted in §1)")
    return value


def members(obj, what, required, optional=(), kind=None):
    """Exactly these members; with `kind`, the magic members @evidence/@version of §1."""
    if not isinstance(obj, dict):
        raise Bad(f"{what}: not a JSON object")
    missing = [m for m in required if m not in obj]
    unknown = sorted(set(obj) - set(required) - set(optional))
    if missing or unknown:
        raise Bad(f"{what}: " + "; ".join(filter(None, [missing and f"missing {missing}", unknown and f"unknown {unknown}"])))
    if kind is not None and (obj["@evidence"] != kind or type(obj["@version"]) is not int or obj["@version"] != 1):
        raise Bad(f"{what}: @evidence/@version are {obj['@evidence']!r}/{obj['@version']!r}, not {kind!r}/1")
    return obj


def typed(obj, name, kind, what):
    v = obj.get(name)
    if not {"str": isinstance(v, str), "int": type(v) is int, "obj": isinstance(v, dict), "list": isinstance(v, list)}[kind]:
        raise Bad(f"{what}: member {name!r} is not a {kind}")
    return v


# ------------------------------------------------------------------ §2 Cryptographic primitives

def sha256(data):
    return hashlib.sha256(data).digest()


def hkdf(ikm, salt, info):
    """HKDF-SHA256 (RFC 5869), 32 bytes; an empty salt is an empty HMAC key (= 32 zero bytes)."""
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def aes_open(key, nonce, ciphertext, aad, what):
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise Bad(f"{what}: AES-GCM authentication failed (wrong key, or altered)") from None


def x25519_public(private):
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()


def ed25519_public(seed):
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()


def ed25519_ok(public, signature, message):
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


def ctx(*parts):
    """A context string C: its parts joined by \\0."""
    return b"\0".join(p.encode() for p in parts)


def parse_box(raw, algorithm, what):
    """§2.1 sealed box: "EVSB", 0x01, algorithm, then E (0x01) or u32 generation (0x02), nonce, ct ‖ tag."""
    head = 50 if algorithm == 1 else 22
    if len(raw) < head + 16 or raw[:5] != b"EVSB\x01":
        raise Bad(f"{what}: not a version-1 sealed box")
    if raw[5] != algorithm:
        raise Bad(f"{what}: sealed box algorithm {raw[5]}, expected {algorithm}")
    box = {"header": raw[:head], "nonce": raw[head - 12:head], "ct": raw[head:]}
    if algorithm == 1:
        box["E"] = raw[6:38]
    else:
        box["generation"] = struct.unpack(">I", raw[6:10])[0]
    return box


def open_box_to(box, private, context, what):
    """§2.1 algorithm 0x01: s = X25519(r, E); key = HKDF(s, E ‖ R, "evidence/v1/seal/x25519")."""
    try:
        s = X25519PrivateKey.from_private_bytes(private).exchange(X25519PublicKey.from_public_bytes(box["E"]))
    except ValueError:  # the library refuses an all-zero shared secret
        s = bytes(32)
    if s == bytes(32):
        raise Bad(f"{what}: all-zero X25519 shared secret")
    key = hkdf(s, box["E"] + x25519_public(private), b"evidence/v1/seal/x25519")
    return aes_open(key, box["nonce"], box["ct"], box["header"] + context, what)


def open_box_under(box, key, context, what):
    """§2.1 algorithm 0x02: AES-256-GCM under K; additional data = header ‖ C."""
    return aes_open(key, box["nonce"], box["ct"], box["header"] + context, what)


def read_passphrase(path):
    """§2.2: a passphrase file contributes its first line, without \\n or \\r\\n."""
    line = open(path, "rb").read().decode("utf-8").split("\n", 1)[0]
    return line.removesuffix("\r")


def passphrase_key(kdf, passphrase, what):
    """§2.2: scrypt(NFC(P) as UTF-8, salt, 2^logN, r, p), parameters bounded before running it."""
    members(kdf, what + " kdf", ["logN", "name", "p", "r", "salt"])
    logn, r, p = (typed(kdf, m, "int", what + " kdf") for m in ("logN", "r", "p"))
    n = 1 << min(max(logn, 0), 62)
    memory = 128 * r * (n + p + 2) + (1 << 20)
    if kdf["name"] != "scrypt" or not (10 <= logn <= 20 and 1 <= r <= 16 and 1 <= p <= 16) or memory > (1 << 30) + (2 << 20):
        raise Bad(f"{what}: kdf parameters refused: {kdf}")
    salt = b64(kdf["salt"], what + " kdf salt", 16)
    return hashlib.scrypt(unicodedata.normalize("NFC", passphrase).encode(), salt=salt, n=n, r=r, p=p,
                          maxmem=memory, dklen=32)


def open_passphrase_box(obj, passphrase, context, what, R, label):
    """§2.2: the `sealed` member is an algorithm-0x02 box of generation 0 under the scrypt key."""
    key = passphrase_key(obj["kdf"], passphrase, what)
    R.explain(label, key)
    box = parse_box(b64(obj["sealed"], what + " sealed"), 2, what)
    if box["generation"] != 0:
        raise Bad(f"{what}: passphrase box of generation {box['generation']}, not 0")
    try:
        return open_box_under(box, key, context, what)
    except Bad:
        raise Bad(f"{what}: the passphrase does not open it") from None


# ------------------------------------------------------------------ §3 Layout, §4 config

class Repo:
    def __init__(self, root):
        self.root = root

    def read(self, rel):
        with open(os.path.join(self.root, rel), "rb") as f:
            return f.read()

    def exists(self, rel):
        return os.path.isfile(os.path.join(self.root, rel))

    def listdir(self, rel):
        """Names in a folder, without the .tmp- files of interrupted writes."""
        p = os.path.join(self.root, rel)
        return sorted(n for n in os.listdir(p) if not n.startswith(".tmp-")) if os.path.isdir(p) else []


def read_config(repo):
    cfg = members(parse_json(repo.read("config"), "config"), "config",
                  ["@evidence", "@version", "repository", "origin", "created", "chunkSize"], kind="repository")
    check_id(cfg["repository"], "repo", "config repository")
    check_time(cfg["created"], "config created")
    if not re.fullmatch(r"[a-z0-9._-]*/evidence/" + cfg["repository"], typed(cfg, "origin", "str", "config")):
        raise Bad(f"config: origin {cfg['origin']!r} is not <host>/evidence/<repository id>")
    if not 4096 <= typed(cfg, "chunkSize", "int", "config") <= 16777216:
        raise Bad(f"config: chunkSize {cfg['chunkSize']} outside 4096..16777216")
    return cfg


# ------------------------------------------------------------------ §5 Keys

def read_key_file(repo, cfg, folder, name, kind, id_member, prefix, more):
    """§5.1 keys/<slot id> and §5.3 identities/<user id>: canonical JSON, named by its id member."""
    what = f"{folder}/{name}"
    obj = members(parse_json(repo.read(what), what), what,
                  ["@evidence", "@version", "repository", id_member, "kdf", "sealed", *more], kind=kind)
    if obj["repository"] != cfg["repository"] or obj[id_member] != check_id(name, prefix, what):
        raise Bad(f"{what}: repository/{id_member} members disagree with the repository and the file name")
    if kind == "identity":
        hexbytes(obj["login"], what + " login")
    else:
        check_time(obj["created"], what + " created"), typed(obj, "label", "str", what)
    return obj


def login_of(cfg, name):
    """§5.3: hex(SHA-256("evidence/v1/login" ‖ \\0 ‖ repository id ‖ \\0 ‖ user name))."""
    return sha256(ctx("evidence/v1/login", cfg["repository"], name)).hex()


def read_envelopes(repo, cfg, R):
    """§5.4: keyring/<g>/<holder>, audit/<g>/<holder>, cases/<case>/keys/<g>/<holder>:
    canonical key-envelopes whose members agree with their paths."""
    paths = [(f"{base}/{g}/{h}", purpose, cfg["repository"])
             for base, purpose in (("keyring", "repository-keyring"), ("audit", "audit-key"))
             for g in repo.listdir(base) for h in repo.listdir(f"{base}/{g}")]
    paths += [(f"cases/{c}/keys/{g}/{h}", "case-key", c) for c in repo.listdir("cases")
              for g in repo.listdir(f"cases/{c}/keys") for h in repo.listdir(f"cases/{c}/keys/{g}")]
    found = {}
    for what, purpose, subject in paths:
        try:
            obj = members(parse_json(repo.read(what), what), what, ["@evidence", "@version", "repository", "purpose",
                          "subject", "generation", "holder", "sealed"], kind="key-envelope")
            gen, holder = what.split("/")[-2:]
            if not re.fullmatch(r"[1-9][0-9]*", gen):
                raise Bad(f"{what}: generation folder {gen!r} is not an integer ≥ 1")
            if holder != "recovery":
                check_id(holder, "usr", what + " holder")
            if purpose == "case-key":
                check_id(subject, "case", what)
            if (obj["repository"], obj["purpose"], obj["subject"], obj["generation"], obj["holder"]) != \
                    (cfg["repository"], purpose, subject, int(gen), holder):
                raise Bad(f"{what}: members disagree with the file's path")
            parse_box(b64(obj["sealed"], what + " sealed"), 1, what)
            found[what] = obj
        except Bad as e:
            R.fail(what, str(e))
    return found


def open_envelope(obj, private, what):
    """§5.4: context key-envelope ‖ repository ‖ purpose ‖ subject ‖ generation ‖ holder."""
    c = ctx("evidence/v1/key-envelope", obj["repository"], obj["purpose"], obj["subject"], str(obj["generation"]), obj["holder"])
    return open_box_to(parse_box(b64(obj["sealed"], what), 1, what), private, c, what)


def case_subkeys(k):
    """§5.6: the three keys derived from a case key K."""
    return {name: hkdf(k, b"", b"evidence/v1/case/" + info)
            for name, info in (("naming", b"object-naming"), ("wrap", b"data-key-wrap"), ("part", b"ledger-part"))}


# ------------------------------------------------------------------ §6 Objects

def decrypt_object(data, case, chunk_size, wrap_keys, R, explain=False, label="object"):
    """§6: header, data key, then chunk records until the end of the file; returns the
    plaintext's SHA-256 and size (bytes are only counted after their record's tag verified)."""
    if len(data) < 80 or data[:8] != b"EVIDOBJ\0":
        raise Bad("not an object (magic)")
    version, header_length, csize, gen = struct.unpack(">HHII", data[8:20])
    if (version, header_length) != (1, 80):
        raise Bad(f"object version {version} / header length {header_length}, not 1 / 80")
    if not 4096 <= csize <= 16777216:
        raise Bad(f"object chunk size {csize} outside 4096..16777216")
    if csize != chunk_size:  # readers use the header's value; evidence writes config.chunkSize
        R.note(f"object chunk size {csize} is not config.chunkSize {chunk_size}")
    if gen not in wrap_keys:
        raise Bad(f"object sealed under case key generation {gen}, which is not held")
    data_key = aes_open(wrap_keys[gen], data[20:32], data[32:80], data[:32] + case.encode(), "object data key")
    if explain:
        R.explain("object header bytes 0..<32", data[:32])
        R.explain("data key", data_key)
    digest, size, index, pos = hashlib.sha256(), 0, 0, 80
    while True:
        if len(data) - pos < 4:
            raise Bad(f"chunk {index}: truncated record length" if pos < len(data) else "no record")
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        if not 17 <= length <= csize + 17 or pos + 4 + length > len(data):
            raise Bad(f"chunk {index}: record length {length} invalid or past the end of the file")
        final = pos + 4 + length == len(data)  # the last record ends exactly at the end of the file
        nonce = bytes(4) + struct.pack(">Q", index)
        aad = b"EVIDOBJ\0\x00\x01" + struct.pack(">Q", index) + (b"\x01" if final else b"\x00")
        plain = aes_open(data_key, nonce, data[pos + 4:pos + 4 + length], aad, f"chunk {index}")
        if explain and index == 0:
            for step, value in (("record length L", length), ("nonce", nonce), ("additional data", aad),
                                ("encoding byte", f"0x{plain[0]:02x}")):
                R.explain(f"chunk 0 {step}", value)
        if plain[0] == 0:
            chunk = plain[1:]
        elif plain[0] == 1:  # one complete zlib stream, inflating to at most the chunk size
            z = zlib.decompressobj()
            try:
                chunk = z.decompress(plain[1:], csize)
            except zlib.error as e:
                raise Bad(f"chunk {index}: bad zlib data ({e})") from None
            if z.unconsumed_tail or not z.eof or z.unused_data:
                raise Bad(f"chunk {index}: zlib data inflates past the chunk size, is incomplete or has trailing bytes")
        else:
            raise Bad(f"chunk {index}: unknown encoding byte {plain[0]}")
        if not final and len(chunk) != csize:
            raise Bad(f"chunk {index}: a non-final chunk of {len(chunk)} bytes, not {csize}")
        if final and not chunk and index > 0:
            raise Bad(f"chunk {index}: an empty final chunk after others")
        R.explain(f"{label} chunk {index}: L, encoding, final flag, plaintext bytes",
                  f"{length}, 0x{plain[0]:02x}, 0x{aad[-1]:02x}, {len(chunk)}")
        digest.update(chunk)
        size, pos, index = size + len(chunk), pos + 4 + length, index + 1
        if final:
            return digest.digest(), size


# ------------------------------------------------------------------ §7 The ledger: tiles (§7.1)

def merkle_root(hashes):
    """RFC 6962 Merkle tree hash over leaf hashes (node = SHA-256(0x01 ‖ left ‖ right))."""
    if len(hashes) <= 1:
        return hashes[0] if hashes else sha256(b"")
    k = 1 << ((len(hashes) - 1).bit_length() - 1)  # the largest power of two below n
    return sha256(b"\x01" + merkle_root(hashes[:k]) + merkle_root(hashes[k:]))


def tile_levels(leaves):
    """Level L holds size // 256^L hashes, each the tree hash of a full tile of level L − 1."""
    levels = [leaves]
    while len(levels[-1]) >= 256:
        below = levels[-1]
        levels.append([merkle_root(below[i:i + 256]) for i in range(0, len(below) - 255, 256)])
    return levels


def tile_path(level, n, width=None):
    """ledger/tile/<L>/<N>[.p/<W>], N in 3-digit elements, all but the last prefixed with x."""
    parts = []
    while True:
        parts.insert(0, f"{n % 1000:03d}")
        n //= 1000
        if n == 0:
            break
    return f"ledger/tile/{level}/" + "/".join(["x" + p for p in parts[:-1]] + [parts[-1]]) + (f".p/{width}" if width else "")


def parse_tile_path(rel):
    """(level or "entries", index, width or None) for a path below ledger/tile/, or None."""
    m = re.fullmatch(r"(entries|0|[1-9][0-9]?)/((?:x\d{3}/)*)(\d{3})(?:\.p/([1-9]\d*))?", rel)
    if not m:
        return None
    level, width = (m[1] if m[1] == "entries" else int(m[1])), (int(m[4]) if m[4] else None)
    n = int("".join(re.findall(r"\d{3}", m[2])) + m[3])
    if (width or 0) > 255 or tile_path(level, n, width) != "ledger/tile/" + rel:
        return None
    return level, n, width


def parse_bundle(data, count, what):
    """An entry bundle: exactly `count` entries, each a u16 BE length (1-65535) and its bytes."""
    entries, pos = [], 0
    while pos < len(data):
        n = struct.unpack(">H", data[pos:pos + 2])[0] if pos + 2 <= len(data) else 0
        if n == 0 or pos + 2 + n > len(data):
            raise Bad(f"{what}: entry {len(entries)}: bad or truncated length prefix")
        entries.append(data[pos + 2:pos + 2 + n])
        pos += 2 + n
    if len(entries) != count:
        raise Bad(f"{what}: {len(entries)} entries, expected {count}")
    return entries


def read_tile(repo, level, n, width):
    """The first `width` items of tile n: its partial tile, else (§7.1) the full one."""
    for w in ([width, None] if width < 256 else [None]):
        rel = tile_path(level, n, w)
        if repo.exists(rel):
            data, count = repo.read(rel), w or 256
            if level == "entries":
                return parse_bundle(data, count, rel)[:width], rel
            if len(data) != 32 * count:
                raise Bad(f"{rel}: {len(data)} bytes, not {32 * count}")
            return [data[i:i + 32] for i in range(0, 32 * width, 32)], rel
    raise Bad(f"{tile_path(level, n, width if width < 256 else None)}: missing (and no full tile to fall back on)")


# ------------------------------------------------------------------ §7.6 Checkpoints (signed notes)

def parse_vkey(text):
    """<name>+<hex key id>+<base64(0x01 ‖ Ed25519 public key)>, key id = SHA-256(name ‖ \\n ‖ 0x01 ‖ key)[:4]."""
    parts = text.strip().split("+", 2)  # the name has no "+"; the base64 key may
    if len(parts) != 3 or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        raise Bad(f"verifier key {text!r}: not <name>+<key id>+<key>")
    raw = b64(parts[2], "verifier key", 33)
    key_id = sha256(parts[0].encode() + b"\n\x01" + raw[1:])[:4]
    if raw[0] != 1 or key_id.hex() != parts[1]:
        raise Bad(f"verifier key: not Ed25519, or key id {parts[1]} is not {key_id.hex()}")
    return {"name": parts[0], "id": key_id, "public": raw[1:], "text": text.strip()}


def parse_checkpoint(data, what):
    """origin, tree size, base64 root; a blank line; signature lines "— <name> <base64>"."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Bad(f"{what}: invalid UTF-8") from None
    if re.search(r"[\x00-\x09\x0b-\x1f]", text) or not text.endswith("\n") or "\n\n" not in text:
        raise Bad(f"{what}: not a signed note")
    cut = text.rindex("\n\n")
    body, lines, sigs = text[:cut + 1], text[:cut].split("\n"), []
    if len(lines) != 3 or not re.fullmatch(r"0|[1-9][0-9]*", lines[1]):
        raise Bad(f"{what}: the text is not exactly origin, tree size, root")
    for line in text[cut + 2:-1].split("\n"):
        m = re.fullmatch(r"\u2014 ([^\s+]+) (\S+)", line)
        raw = b64(m[2], f"{what} signature") if m else b""
        if len(raw) < 5:
            raise Bad(f"{what}: malformed signature line {line!r}")
        sigs.append((m[1], raw[:4], raw[4:]))
    return {"origin": lines[0], "size": int(lines[1]), "root": b64(lines[2], f"{what} root", 32),
            "body": body.encode(), "sigs": sigs}


def verify_note(cp, vkey, what):
    """signed-note: signatures by other keys are ignored; those by the log key (name and id)
    must all verify, and there must be one."""
    known = [s for (name, key_id, s) in cp["sigs"] if (name, key_id) == (vkey["name"], vkey["id"])]
    if not known:
        raise Bad(f"{what}: no signature by the log key {vkey['name']}+{vkey['id'].hex()}")
    if not all(len(s) == 64 and ed25519_ok(vkey["public"], s, cp["body"]) for s in known):
        raise Bad(f"{what}: the log key's signature does not verify")


# ------------------------------------------------------------------ §7.2 Entries, §7.4 event types

ENTRY_REQUIRED = ["@evidence", "@version", "seq", "time", "type", "actor", "tool", "signer", "signature"]
ENTRY_OPTIONAL = ["case", "item", "object", "commitment", "public", "audit", "sealed"]
PUBLIC = {  # the `public` members evidence writes (readers ignore others)
    "repository.created": {"repository": "str", "origin": "str", "logKey": "str", "auditKey": "str",
                           "recoveryKey": "str", "keyringGeneration": "int"},
    "identity.registered": {"user": "str", "sealingKey": "str", "signingKey": "str", "keyringGeneration": "int"},
    "recovery-slot.added": {"slot": "str"}, "recovery-slot.removed": {"slot": "str"},
    "identity.passphrase-changed": {"user": "str"},
    "case.created": {"keyGeneration": "int", "keyHolders": "list"},
    "verification.run": {"outcome": "str", "treeSize": "int", "items": "int", "objectsDecrypted": "int",
                         "objectsWithoutKeys": "int", "problems": "int"},
    "ledger.tail-dropped": {"dropped": "int", "from": "int"},
    "log-key.rotated": {"logKey": "str", "previousLogKey": "str", "keyringGeneration": "int", "keyHolders": "list"},
}
LOG_SIGNED = {"repository.created", "log-key.rotated"}  # §7.2: the only types the log key may sign
KINDS = {"exhibit", "statement", "document", "email", "image", "video", "other"}
CASE_TYPES, ITEM_TYPES = {"case.created", "item.added", "item.read", "item.amended"}, {"item.added", "item.read", "item.amended"}


def decode_entry(raw, seq):
    """Canonical JSON with only the members of §7.2, each well formed."""
    what = f"entry {seq}"
    e = members(parse_json(raw, what), what, ENTRY_REQUIRED, ENTRY_OPTIONAL, kind="ledger-entry")
    typed(e, "seq", "int", what), typed(e, "type", "str", what), typed(e, "tool", "str", what)
    check_time(e["time"], what + " time")
    check_id(e["actor"], "usr", what + " actor")
    if e["signer"] != "log":
        check_id(e["signer"], "usr", what + " signer")
    b64(e["signature"], what + " signature", 64)
    if "case" in e or e["type"] in CASE_TYPES:
        check_id(e.get("case"), "case", what + " case")
    if "item" in e or e["type"] in ITEM_TYPES:
        check_id(e.get("item"), "itm", what + " item")
    if "object" in e or "commitment" in e or e["type"] == "item.added":
        o = members(typed(e, "object", "obj", what), what + " object", ["ciphertextSha256", "name", "size"])
        hexbytes(o["ciphertextSha256"], what + " ciphertextSha256"), hexbytes(o["name"], what + " object name")
        typed(o, "size", "int", what + " object"), hexbytes(e.get("commitment"), what + " commitment")
    if "public" in e or e["type"] in PUBLIC:
        for name, kind in PUBLIC.get(e["type"], {}).items():
            typed(typed(e, "public", "obj", what), name, kind, what + " public")
    for part, algorithm in (("audit", 1), ("sealed", 2)):
        if part in e:
            parse_box(b64(e[part], f"{what} {part}"), algorithm, f"{what} {part}")
    return e


def signing_input(e):
    """"evidence/v1/ledger-entry\\n" ‖ canonical JSON of the entry without `signature`."""
    return b"evidence/v1/ledger-entry\n" + canonical_json({k: v for k, v in e.items() if k != "signature"})


# ------------------------------------------------------------------ §8 Verification

class Reader:
    """Reads one repository and verifies it (§8.1 (1) and (2)), opening what the given keys allow."""

    def __init__(self, root, R, user=None, passphrase=None, recovery=None, vkey_text=None):
        self.repo, self.R, self.user, self.passphrase, self.recovery = Repo(root), R, user, passphrase, recovery
        self.vkey_text, self.vkey, self.uid, self.audit_private = vkey_text, None, None, None
        self.entries, self.sources, self.users, self.cases, self.items, self.live_slots = [], [], {}, {}, {}, set()
        self.keyring, self.case_keys, self.opened = {}, {}, {}  # gen -> (seed, key); case -> {gen: K}; seq -> parts
        self.slots, self.identities, self.envelopes = {}, {}, {}

    def run(self):
        R = self.R
        self.cfg = read_config(self.repo)
        R.ok(f"config: repository {self.cfg['repository']}, origin {self.cfg['origin']}, chunkSize {self.cfg['chunkSize']}")
        R.explain("repository id", self.cfg["repository"])
        R.explain("origin", self.cfg["origin"])
        self.read_ledger()
        if self.vkey is None:
            return
        self.verify_checkpoints()
        self.check_signatures()
        self.check_key_files()
        if self.user:
            R.attempt(f"user {self.user}", self.open_user)
        if self.recovery is not None:
            R.attempt("recovery", self.open_recovery)
        self.open_parts()
        self.check_objects()

    # ---- §7.1, §7.2: entries and tiles of the newest checkpoint's tree
    def read_ledger(self):
        R, repo = self.R, self.repo
        self.checkpoint = cp = parse_checkpoint(repo.read("ledger/checkpoint"), "ledger/checkpoint")
        if cp["origin"] != self.cfg["origin"]:
            raise Bad(f"ledger/checkpoint: origin {cp['origin']!r} is not the config's")
        raws = []
        for k in range((cp["size"] + 255) // 256):  # entry i is entry i mod 256 of bundle i div 256
            width = min(256, cp["size"] - 256 * k)
            got, rel = read_tile(repo, "entries", k, width)
            if width < 256 and ".p/" not in rel:
                R.note(f"{tile_path('entries', k, width)} missing; used the first {width} entries of {rel} (§7.1)")
            raws += got
            self.sources.append(rel)
        self.leaves = [sha256(b"\x00" + r) for r in raws]  # leaf hash = SHA-256(0x00 ‖ entry)
        for i, h in enumerate(self.leaves):
            R.explain(f"leaf hash of entry {i}", h)
        self.levels = tile_levels(self.leaves)
        R.explain("tree size", cp["size"])
        R.explain("root hash (base64, as in the checkpoint)", b64e(merkle_root(self.leaves)))
        self.check_tiles(raws)
        self.entries = [R.attempt(f"entry {i}", decode_entry, raw, i) for i, raw in enumerate(raws)]
        problems, prev = len(R.problems), None
        # §8.1: no entry is stamped more than 5 minutes after this computer's clock (times are
        # canonical, so string order is time order).
        limit = (datetime.now(timezone.utc) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:23] + "Z"
        for i, e in enumerate(self.entries):  # seq is the index; time never goes back
            if e and e["seq"] != i:
                R.fail(f"entry {i}", f"seq is {e['seq']}")
            if e and prev and e["time"] < prev:
                R.fail(f"entry {i}", f"time {e['time']} is earlier than its predecessor's {prev}")
            if e and e["time"] > limit:
                R.fail(f"entry {i}", f"time {e['time']} is more than 5 minutes after this computer's clock")
            prev = e["time"] if e else prev
        if len(R.problems) == problems:
            R.ok(f"{len(self.entries)} entries: seq equals index, times never go back nor lie in the future")
        self.chain = self.follow_chain()
        self.vkey = self.chain and self.choose_vkey()

    def check_tiles(self, raws):
        """Every stored tile and bundle agrees, item by item, with the tree recomputed from the
        entries; items beyond the checkpoint's size are an uncommitted tail (§8.1)."""
        R, repo, levels = self.R, self.repo, self.levels
        for level, hashes in enumerate(levels):  # the tiles the tree requires must be there
            for n in range((len(hashes) + 255) // 256):
                width = min(256, len(hashes) - 256 * n)
                got = R.attempt("ledger/tile", read_tile, repo, level, n, width)
                if got and width < 256 and ".p/" not in got[1]:
                    R.note(f"{tile_path(level, n, width)} missing; used the first {width} hashes of {got[1]} (§7.1)")
        stored, tail, differ = 0, set(), {}
        base = os.path.join(repo.root, "ledger", "tile")
        for folder, _, files in os.walk(base):
            for f in files:
                rel = "ledger/tile/" + os.path.relpath(os.path.join(folder, f), base).replace(os.sep, "/")
                parsed = None if f.startswith(".tmp-") else parse_tile_path(rel[len("ledger/tile/"):])
                if parsed is None:
                    if not f.startswith(".tmp-"):
                        R.note(f"{rel}: not a tile path; ignored")
                    continue
                level, n, width = parsed
                stored += 1
                try:
                    if level == "entries":
                        items, want = parse_bundle(repo.read(rel), width or 256, rel), raws
                    else:
                        data, want = repo.read(rel), levels[level] if level < len(levels) else []
                        if len(data) != 32 * (width or 256):
                            raise Bad(f"{rel}: {len(data)} bytes, not {32 * (width or 256)}")
                        items = [data[i:i + 32] for i in range(0, len(data), 32)]
                except Bad as e:
                    R.fail(rel, str(e))
                    continue
                except FileNotFoundError:  # a partial tile a concurrent writer just deleted (§7.7 step 5)
                    continue
                for i, item in enumerate(items, 256 * n):
                    if i >= len(want):
                        tail.add(rel)
                    elif item != want[i]:
                        differ.setdefault((level, i), []).append(rel)
        for (level, i), rels in sorted(differ.items(), key=str):
            rels = sorted(rels)
            files = ", ".join(rels[:3]) + (f" and {len(rels) - 3} more" if len(rels) > 3 else "")
            if level == "entries":
                R.fail(f"entry {i}", f"as read from {self.sources[i // 256]}, differs from its copies in {files}")
            else:
                R.fail(f"leaf hash of entry {i}" if level == 0 else f"level-{level} hash {i}", f"differs from the recomputed one in {files}")
        R.ok(f"{stored} stored tiles and bundles compared item by item with the tree recomputed from the entries")
        if tail:
            R.note(f"entries beyond tree size {len(raws)}, which the checkpoint does not sign (a commit in progress or "
                   f"interrupted, or newer entries whose checkpoint was removed; §7.7, §8.1) in {', '.join(sorted(tail))}")

    def follow_chain(self):
        """§7.8: the log key chain. Link 0 is the key repository.created announces (keyring
        generation 1, in force from tree size 0); a valid log-key.rotated entry at index r adds
        its logKey, in force from tree size r + 1. Returns the links, or None without entry 0's key."""
        R, e0 = self.R, self.entries[0] if self.entries else None
        if not e0 or e0["type"] != "repository.created" or e0["signer"] != "log":
            R.fail("entry 0", "is not a repository.created entry signed by the log")
            return None
        if (e0["public"]["repository"], e0["public"]["origin"]) != (self.cfg["repository"], self.cfg["origin"]):
            R.fail("entry 0", "its public repository/origin differ from config")
        try:
            first = parse_vkey(e0["public"]["logKey"])
            if first["name"] != self.cfg["origin"]:
                raise Bad(f"verifier key name {first['name']!r} is not the origin")
        except Bad as e:
            R.fail("entry 0 logKey", str(e))
            return None
        chain, self.bad_rotations = [{"start": 0, "generation": 1, "key": first, "seq": 0}], set()
        for i, e in enumerate(self.entries):
            if not e or e["type"] != "log-key.rotated":
                continue
            try:
                prev, pub = chain[-1], e["public"]
                if e["signer"] != "log":
                    raise Bad(f"signer is {e['signer']}, not the log (§7.8)")
                if not ed25519_ok(prev["key"]["public"], b64(e["signature"], "signature", 64), signing_input(e)):
                    raise Bad(f"signature does not verify with the log key in force before it ({prev['key']['text']})")
                key = parse_vkey(pub["logKey"])
                if key["name"] != self.cfg["origin"]:
                    raise Bad(f"logKey is named {key['name']!r}, not the origin")
                if any(link["key"]["public"] == key["public"] for link in chain):
                    raise Bad("logKey is a key this log already used")
                if pub["keyringGeneration"] != prev["generation"] + 1:
                    raise Bad(f"keyringGeneration {pub['keyringGeneration']} is not {prev['generation'] + 1}")
            except (Bad, KeyError) as x:
                self.bad_rotations.add(i)
                R.fail(f"entry {i} (log-key.rotated)", f"not a valid rotation: {x}")
                continue
            holders = pub["keyHolders"]  # §7.4; not a condition of the chain (§7.8)
            chain.append({"start": i + 1, "generation": pub["keyringGeneration"], "key": key, "seq": i, "holders": holders})
            R.explain(f"log key rotated at entry {i}; in force from tree size {i + 1}", key["text"])
            if "recovery" not in holders or holders != sorted(set(holders), key=lambda h: str(h).encode("utf-16-be")):
                R.fail(f"entry {i} (log-key.rotated)", "keyHolders are not distinct, sorted by code units and including recovery")
            if pub["previousLogKey"] != prev["key"]["text"]:
                R.note(f"entry {i} (log-key.rotated): previousLogKey is not the key in force before it "
                       "(informational; the chain does not depend on it, §7.8)")
        R.ok(f"log key chain followed from entry 0: {len(chain)} key(s)" +
             "".join(f", generation {l['generation']} from tree size {l['start']}" for l in chain[1:]))
        return chain

    def key_at(self, size):
        """§7.8: the key of the last link whose starting size is at most `size`: it signs the
        checkpoint of that size, and a log-signed entry `size` (the key in force before it)."""
        return [link for link in self.chain if link["start"] <= size][-1]["key"]

    def choose_vkey(self):
        """§7.6/§7.8: the verifier key the auditor gives must be a link of the chain followed from
        entry 0's key; without one, entry 0's key is trusted on first use."""
        R, first = self.R, self.chain[0]["key"]
        if not self.vkey_text:
            R.ok("verifier key: announced by entry 0 (trust on first use)")
            R.explain("log public key", b64e(first["public"]))
            R.explain("log verifier key", first["text"])
            return first
        try:
            vkey = parse_vkey(self.vkey_text)
            if vkey["name"] != self.cfg["origin"]:
                raise Bad(f"verifier key name {vkey['name']!r} is not the origin")
            link = next((l for l in self.chain if (l["key"]["id"], l["key"]["public"]) == (vkey["id"], vkey["public"])), None)
            if link is None:
                raise Bad(f"{vkey['text']} is not a key of the log key chain followed from entry 0's key "
                          f"{first['text']} (§7.8)")
        except Bad as e:
            R.fail("verifier key", str(e))
            return first  # go on with the chain, to report what else holds
        R.ok("verifier key: given by the auditor; " + ("entry 0's key" if link["start"] == 0 else
             f"the key entry {link['seq']} rotated to, in force from tree size {link['start']} (what precedes it "
             "is vouched for only by the earlier keys of the chain)"))
        R.explain("log public key", b64e(vkey["public"]))
        R.explain("log verifier key", vkey["text"])
        return vkey

    def verify_checkpoints(self):
        """ledger/checkpoint and every ledger/checkpoints/<size> verify with the log key in force
        for their size (§7.8), and their roots are the roots recomputed from the first <size> entries."""
        R, cp, size = self.R, self.checkpoint, self.checkpoint["size"]
        try:
            verify_note(cp, self.key_at(size), "ledger/checkpoint")
            if cp["root"] != merkle_root(self.leaves):
                raise Bad(f"signed root {b64e(cp['root'])} is not the recomputed root {b64e(merkle_root(self.leaves))}")
            R.ok(f"ledger/checkpoint: signed by the log key in force for its size ({self.key_at(size)['text']}); tree size {size}, root {b64e(cp['root'])} recomputed")
        except Bad as e:
            R.fail("ledger/checkpoint", str(e))
        archived, good = self.repo.listdir("ledger/checkpoints"), 0
        for name in archived:
            what = f"ledger/checkpoints/{name}"
            try:
                a = parse_checkpoint(self.repo.read(what), what)
                if str(a["size"]) != name or a["origin"] != self.cfg["origin"]:
                    raise Bad(f"tree size {a['size']} / origin differ from the file name / config")
                if a["size"] > size:
                    raise Bad(f"larger than ledger/checkpoint ({size}): the newest checkpoint was rolled back")
                verify_note(a, self.key_at(a["size"]), what)
                if a["root"] != merkle_root(self.leaves[:a["size"]]):
                    raise Bad(f"its root is not the recomputed root of the first {a['size']} entries")
                good += 1
            except Bad as e:
                R.fail(what, str(e))
        if str(size) not in archived:
            R.note(f"ledger/checkpoints/{size} is missing (the next writer restores it, §7.7)")
        R.ok(f"{good} of {len(archived)} archived checkpoints verify with the log key in force for their size "
             "and match the recomputed roots")

    def check_signatures(self):
        """§7.2: each entry is signed by its signer's registered key; a log-signed entry (only
        repository.created and log-key.rotated) by the log key in force before it (§7.8)."""
        problems = len(self.R.problems)
        for i, e in enumerate(self.entries):
            try:
                if e is None:
                    continue
                pub = e.get("public", {})
                if i in self.bad_rotations:  # reported by follow_chain
                    continue
                if e["signer"] == "log":
                    if e["type"] not in LOG_SIGNED:
                        raise Bad("only repository.created and log-key.rotated may be signed by the log")
                    key = self.key_at(i)["public"]
                elif e["signer"] != e["actor"]:
                    raise Bad(f"signer {e['signer']} is not the actor {e['actor']}")
                elif e["type"] == "identity.registered" and pub.get("user") == e["signer"]:
                    key = b64(pub["signingKey"], "signingKey", 32)  # a user's own registration
                elif e["signer"] in self.users:
                    key = self.users[e["signer"]]["signing"]
                else:
                    raise Bad(f"signer {e['signer']} is not registered by an earlier entry")
                if i < 8:
                    self.R.explain(f"signing input of entry {i} starts", signing_input(e)[:60].decode().replace("\n", "\\n"))
                if not ed25519_ok(key, b64(e["signature"], "signature", 64), signing_input(e)):
                    raise Bad("signature does not verify")
                self.apply(e, pub)
            except (Bad, KeyError) as x:
                self.R.fail(f"entry {i} ({e['type']})", str(x))
        types = [e and e["type"] for e in self.entries[:3]]
        if types != ["repository.created", "identity.registered", "recovery-slot.added"]:
            self.R.fail("ledger", f"the first three entries are {types}, not as §7.4 requires")
        if len(self.R.problems) == problems:
            self.R.ok(f"{len(self.entries)} entry signatures verify with their signers' registered keys "
                      "(log-signed ones with the log key in force before them)")

    def apply(self, e, pub):
        """§7.4/§7.5: the state later checks need: users' keys, live slots, cases, items."""
        t = e["type"]
        if t == "identity.registered":
            self.users[pub["user"]] = {"signing": b64(pub["signingKey"], "signingKey", 32),
                                       "sealing": b64(pub["sealingKey"], "sealingKey", 32), "seq": e["seq"],
                                       "keyring": pub["keyringGeneration"]}
        elif t in ("recovery-slot.added", "recovery-slot.removed"):
            (self.live_slots.add if t.endswith("added") else self.live_slots.discard)(pub["slot"])
        elif t == "case.created":
            holders = pub["keyHolders"]
            if "recovery" not in holders or holders != sorted(set(holders), key=lambda h: h.encode("utf-16-be")):
                raise Bad("keyHolders are not distinct, sorted by code units and including recovery")
            self.cases[e["case"]] = {"holders": holders, "generation": pub["keyGeneration"]}
        elif t == "item.added":
            if e["case"] not in self.cases:
                raise Bad(f"item.added in unknown case {e['case']}")
            self.items[e["item"]] = {"case": e["case"], "seq": e["seq"], "object": e["object"],
                                     "commitment": e["commitment"], "amendments": []}
        elif t in ("item.read", "item.amended"):
            if self.items.get(e["item"], {}).get("case") != e["case"]:
                raise Bad(f"{t} of unknown item {e['item']}")
            if t == "item.amended":
                self.items[e["item"]]["amendments"].append(e["seq"])

    # ---- §5: key files, and opening them
    def check_key_files(self):
        R, repo, cfg = self.R, self.repo, self.cfg
        for name in repo.listdir("keys"):
            self.slots[name] = R.attempt(f"keys/{name}", read_key_file, repo, cfg, "keys", name, "recovery-slot",
                                         "slot", "slot", ["label", "created"])
        for name in repo.listdir("identities"):
            self.identities[name] = R.attempt(f"identities/{name}", read_key_file, repo, cfg, "identities", name,
                                              "identity", "user", "usr", ["login"])
        self.envelopes = read_envelopes(repo, cfg, R)
        if set(self.slots) != self.live_slots:
            R.note(f"keys/: slot files {sorted(self.slots)} are not the slots the ledger added and did not remove "
                   f"{sorted(self.live_slots)} (an interrupted key add/remove, or files of another state)")
        for what in [f"identities/{u}" for u in self.identities] + list(self.envelopes):
            holder = what.split("/")[-1]
            if holder != "recovery" and holder not in self.users:
                R.fail(what, "belongs to a user the ledger never registered")
        for u, info in self.users.items():  # §5.6: each registered user has an identity and a keyring envelope
            if u not in self.identities or f"keyring/{info['keyring']}/{u}" not in self.envelopes:
                R.fail(f"user {u}", f"registered, but identities/<user> or keyring/{info['keyring']}/<user> is missing")
        for link in self.chain[1:]:  # §5.6: a rotation accounts for keyring/<generation>/<holder> of its keyHolders
            missing = [h for h in link["holders"] if f"keyring/{link['generation']}/{h}" not in self.envelopes]
            if missing:
                R.fail(f"entry {link['seq']} (log-key.rotated)", f"keyring/{link['generation']}/ lacks the envelopes of {missing}")
        for c, info in self.cases.items():
            held = {w.split("/")[-1] for w in self.envelopes if w.startswith(f"cases/{c}/keys/{info['generation']}/")}
            if held != set(info["holders"]):
                R.fail(f"cases/{c}/keys/{info['generation']}", f"holders {sorted(held)} are not case.created's keyHolders {sorted(info['holders'])}")
        R.ok(f"{len(self.slots)} recovery slots, {len(self.identities)} identities, {len(self.envelopes)} envelopes "
             "are canonical and agree with their paths")

    def open_user(self):
        """§5.3: find the identity by login, open it, compare its keys with the ledger's; then
        open the user's keyring and case-key envelopes."""
        R, cfg = self.R, self.cfg
        if not NAME_RE.fullmatch(self.user):
            raise Bad(f"{self.user!r} is not a valid user name (§1)")
        login = login_of(cfg, self.user)
        R.explain(f"login of {self.user}", login)
        found = [u for u, o in self.identities.items() if o and o["login"] == login]
        if len(found) != 1:
            raise Bad(f"{len(found)} identities have the login of {self.user!r}")
        self.uid = uid = found[0]
        R.explain("user id", uid)
        plain = open_passphrase_box(self.identities[uid], self.passphrase, ctx("evidence/v1/identity", cfg["repository"], uid),
                                    f"identities/{uid}", R, f"scrypt key of {self.user}'s identity box")
        if len(plain) != 64:
            raise Bad(f"identities/{uid}: plaintext of {len(plain)} bytes, not 64")
        sealing_pub, signing_pub = x25519_public(plain[:32]), ed25519_public(plain[32:])
        R.explain(f"{self.user}'s X25519 public key", b64e(sealing_pub))
        R.explain(f"{self.user}'s Ed25519 public key", b64e(signing_pub))
        reg = self.users.get(uid)
        if reg is None or (reg["sealing"], reg["signing"]) != (sealing_pub, signing_pub):
            raise Bad(f"identities/{uid}: its keys are not those identity.registered registered (file replaced?)")
        R.ok(f"identity of {self.user} ({uid}) opens; its public keys are those of identity.registered (entry {reg['seq']})")
        self.open_envelopes(uid, plain[:32])

    def open_envelopes(self, holder, private):
        """§5.4-§5.6: open the holder's envelopes; two holders' copies of a key must agree."""
        R = self.R
        for what, obj in self.envelopes.items():
            if obj["holder"] != holder:
                continue
            try:
                key, gen, subject = open_envelope(obj, private, what), obj["generation"], obj["subject"]
                if obj["purpose"] == "repository-keyring":  # "EVKR" ‖ 0x01 ‖ log seed ‖ repository key
                    link = next((l for l in self.chain if l["generation"] == gen), None)
                    if link is None:
                        raise Bad(f"keyring generation {gen} is no link of the log key chain (§7.8)")
                    if len(key) != 69 or key[:5] != b"EVKR\x01" or ed25519_public(key[5:37]) != link["key"]["public"]:
                        raise Bad(f"keyring is not EVKR ‖ 0x01 ‖ seed ‖ key (69 bytes) with the seed of the log key "
                                  f"of generation {gen}")
                    if any(k != key[37:] for _, k in self.keyring.values()):
                        raise Bad("holds another repository key than an earlier generation (§5.4: it never changes)")
                    R.explain(f"log public key (from {what})", b64e(ed25519_public(key[5:37])))
                    R.explain("repository key", key[37:])
                    table, value = self.keyring, (key[5:37], key[37:])
                elif obj["purpose"] == "audit-key":
                    if len(key) != 32 or b64e(x25519_public(key)) != self.entries[0]["public"]["auditKey"]:
                        raise Bad("the audit private key's public key is not entry 0's auditKey")
                    R.explain("audit public key", b64e(x25519_public(key)))
                    table, value, self.audit_private = {}, key, key
                else:
                    if len(key) != 32:
                        raise Bad(f"a case key of {len(key)} bytes")
                    R.explain("case id", subject)
                    R.explain("case key generation", gen)
                    R.explain("case key K", key)
                    for name, k in case_subkeys(key).items():
                        R.explain({"naming": "naming key", "wrap": "data-key wrap key", "part": "part key"}[name], k)
                    table, value = self.case_keys.setdefault(subject, {}), key
                if table.setdefault(gen, value) != value:
                    raise Bad("holds another key than a different holder's envelope of this generation")
                R.ok(f"{what} opens")
            except Bad as e:
                R.fail(what, str(e))

    def open_recovery(self):
        """§5.1/§5.2/§5.5: a slot opens to R; HKDF gives the recovery sealing key; with it the
        recovery envelopes open: the audit key, the keyring and every case key."""
        R, cfg = self.R, self.cfg
        for slot, obj in self.slots.items():
            try:
                rk = obj and open_passphrase_box(obj, self.recovery, ctx("evidence/v1/recovery-slot", cfg["repository"], slot),
                                                 f"keys/{slot}", R, "scrypt key of the recovery slot")
            except Bad:
                continue
            if not rk:
                continue
            if len(rk) != 32:
                raise Bad(f"keys/{slot}: a recovery key of {len(rk)} bytes, not 32")
            R.explain("recovery key R", rk)
            r = hkdf(rk, b"", b"evidence/v1/recovery/sealing-key")
            R.explain("recovery sealing public key", b64e(x25519_public(r)))
            if b64e(x25519_public(r)) != self.entries[0]["public"]["recoveryKey"]:
                raise Bad(f"keys/{slot}: the recovery sealing key is not entry 0's recoveryKey")
            R.ok(f"recovery slot keys/{slot} opens; its sealing key is entry 0's recoveryKey")
            self.open_envelopes("recovery", r)
            if self.audit_private is None:
                raise Bad("no audit/<generation>/recovery envelope opened")
            return
        raise Bad("the recovery passphrase opens no recovery slot")

    # ---- §7.2: sealed and audit parts
    def open_parts(self):
        R, counts = self.R, {"sealed": [0, 0], "audit": [0, 0]}
        for i, e in enumerate(self.entries):
            got = self.opened[i] = {}
            for part in ("sealed", "audit"):
                if not e or part not in e:
                    continue
                what = f"entry {i} ({e['type']}) {part} part"
                box = parse_box(b64(e[part], what), 2 if part == "sealed" else 1, what)
                if part == "audit":  # to the audit key
                    key = self.audit_private
                elif "case" in e:  # the part key of the case key generation in the box header
                    key = self.case_keys.get(e["case"], {}).get(box["generation"])
                    key = key and case_subkeys(key)["part"]
                else:  # the repository key: every keyring generation holds the same one (§5.4)
                    key = (self.keyring.get(box["generation"]) or next(iter(self.keyring.values()), (None, None)))[1]
                if key is None:
                    continue
                counts[part][1] += 1
                try:
                    c = ctx("evidence/v1/ledger-entry", self.cfg["repository"], str(i), part)
                    plain = open_box_to(box, key, c, what) if part == "audit" else open_box_under(box, key, c, what)
                    value = parse_json(plain, what)
                    if len(plain) > 65536 or not isinstance(value, dict):
                        raise Bad("not a JSON object of at most 64 KiB")
                    if part == "audit" and not isinstance(value.get("actorName"), str):
                        raise Bad("no actorName (§7.4)")
                    got[part] = value
                    counts[part][0] += 1
                    if i < 8:
                        R.explain(f"{part} part of entry {i}", plain.decode())
                except Bad as x:
                    R.fail(what, str(x))
            R.attempt(f"entry {i} ({e and e['type']})", self.check_part_values, i, e, got.get("sealed") or {}, got.get("audit") or {})
        for part, (good, tried) in counts.items():
            R.ok(f"{good} of {tried} {part} parts we hold keys for open and are canonical JSON objects")

    def check_part_values(self, i, e, sealed, audit):
        """§7.4: the opened parts' values that the readable part or the table pins down."""
        t = e and e["type"]
        if sealed and t == "identity.registered" and e["public"]["user"] == self.uid and sealed.get("name") != self.user:
            raise Bad(f"registers {self.uid} as {sealed.get('name')!r}, not {self.user!r}")
        if sealed and i == 1 and sealed.get("roles") != ["administrator"]:
            raise Bad(f"the first user's roles are {sealed.get('roles')}, not ['administrator']")
        if audit and t == "case.created" and audit.get("recipients") != [h for h in e["public"]["keyHolders"] if h != "recovery"]:
            raise Bad("audit recipients are not the user ids among keyHolders")
        if sealed and t == "item.added" and sealed.get("kind") not in KINDS:
            raise Bad(f"kind {sealed.get('kind')!r} is not one of {sorted(KINDS)}")
        if audit and sealed and t == "item.amended" and audit.get("fields") != sorted(sealed.get("changes", {})):
            raise Bad("audit fields are not the sorted names of the sealed changes")

    # ---- §6, §7.3, §7.5, §8.1 (2): items and objects
    def item_state(self, iid):
        """§7.5: the item.added sealed part with every later item.amended change applied in order."""
        item = self.items[iid]
        meta = self.opened.get(item["seq"], {}).get("sealed")
        if meta is None:
            return None
        meta = dict(meta)
        for seq in item["amendments"]:
            meta.update(self.opened.get(seq, {}).get("sealed", {}).get("changes", {}))
        return meta

    def check_objects(self):
        """Every object's file SHA-256 and size are the entry's; with the case key it is also
        decrypted and matched to the sealed part, its name and the commitment."""
        R, repo, decrypted, without_keys, referenced = self.R, self.repo, 0, 0, set()
        for iid, item in self.items.items():
            case, obj, seq = item["case"], item["object"], item["seq"]
            rel = f"objects/{case}/{obj['name'][:2]}/{obj['name']}"
            referenced.add(rel)
            where = f"item {iid} (entry {seq}, {rel})"
            if not repo.exists(rel):
                R.fail(where, "object file missing")
                continue
            data = repo.read(rel)
            if len(data) != obj["size"] or sha256(data).hex() != obj["ciphertextSha256"]:
                R.fail(where, f"object file of {len(data)} bytes, SHA-256 {sha256(data).hex()}; the entry records "
                              f"{obj['size']} bytes, {obj['ciphertextSha256']}")
            sealed, keys = self.opened.get(seq, {}).get("sealed"), self.case_keys.get(case)
            if sealed is None or not keys:
                without_keys += 1
                continue
            try:
                explain, stem = R.explaining and decrypted == 0, str(sealed.get("name")).rsplit(".", 1)[0]
                if explain:  # the first object in full, as §11 shows the glove's
                    R.explain("object name", obj["name"])
                    R.explain("object file size", len(data))
                    R.explain("object file SHA-256", sha256(data).hex())
                R.explain(f"{stem} object name", obj["name"])
                wraps = {g: case_subkeys(k)["wrap"] for g, k in keys.items()}
                digest, size = decrypt_object(data, case, self.cfg["chunkSize"], wraps, R, explain, stem)
                if (digest.hex(), size) != (sealed.get("sha256"), sealed.get("size")):
                    raise Bad(f"decrypted content has SHA-256 {digest.hex()}, {size} bytes; the sealed part "
                              f"records {sealed.get('sha256')}, {sealed.get('size')} bytes")
                naming = case_subkeys(keys[struct.unpack(">I", data[16:20])[0]])["naming"]
                if hmac.new(naming, digest, hashlib.sha256).hexdigest() != obj["name"]:
                    raise Bad("the object name is not HMAC(naming key, SHA-256(content)) (§6)")
                if sha256(hexbytes(sealed.get("salt"), "sealed salt") + digest).hex() != item["commitment"]:
                    raise Bad("the commitment is not SHA-256(salt ‖ SHA-256(content)) (§7.3)")
                for t in ("modified", "seizedAt"):
                    if t in sealed:
                        check_time(sealed[t], f"sealed {t}")
                dup = sealed.get("duplicateOf")
                if dup is not None and (self.items.get(dup, {}).get("case"), self.items.get(dup, {}).get("object")) != (case, obj):
                    raise Bad(f"duplicateOf {dup} is not an earlier item of this case with the same object")
                R.explain(f"SHA-256 of {sealed.get('name')}", digest.hex())
                if explain:
                    R.explain("commitment = SHA-256(salt ‖ SHA-256)", item["commitment"])
                decrypted += 1
            except Bad as e:
                R.fail(where, str(e))
        R.ok(f"{len(self.items)} items: {decrypted} objects decrypted and matched to their sealed part, "
             f"{without_keys} checked by ciphertext SHA-256 and size only")
        for case in repo.listdir("objects"):
            for xx in repo.listdir(f"objects/{case}"):
                for name in repo.listdir(f"objects/{case}/{xx}"):
                    if f"objects/{case}/{xx}/{name}" not in referenced:
                        R.note(f"objects/{case}/{xx}/{name}: no committed entry references this object")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Verify or dump an evidence repository (format 1).")
    ap.add_argument("command", choices=["verify", "dump"])
    ap.add_argument("repo")
    ap.add_argument("--user")
    ap.add_argument("--passphrase-file")
    ap.add_argument("--recovery-passphrase-file")
    ap.add_argument("--verifier-key", help="the log's verifier key, or a file whose first line it is")
    ap.add_argument("--explain", action="store_true", help="print intermediate values (compare with §11)")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return EX_USAGE if e.code else EX_OK
    if bool(args.user) != bool(args.passphrase_file) or (args.command == "dump" and not args.user):
        print("--user and --passphrase-file go together (and dump needs them)", file=sys.stderr)
        return EX_USAGE
    try:
        vkey = args.verifier_key
        if vkey and os.path.isfile(vkey):
            vkey = open(vkey).read().split("\n")[0]
        pp = read_passphrase(args.passphrase_file) if args.passphrase_file else None
        rp = read_passphrase(args.recovery_passphrase_file) if args.recovery_passphrase_file else None
    except (OSError, UnicodeDecodeError) as e:
        print(f"cannot read {getattr(e, 'filename', None) or 'a file'}: {e}", file=sys.stderr)
        return EX_USAGE
    R = Report(args.explain, sys.stdout if args.command == "verify" else sys.stderr)
    reader = Reader(args.repo, R, args.user, pp, rp, vkey)
    try:
        reader.run()
    except Bad as e:
        R.fail("repository", str(e))
    except OSError as e:
        R.fail("repository", f"{e.strerror}: {e.filename}")
    if args.command == "dump":
        for i, e in enumerate(reader.entries):
            if e is not None:
                got = reader.opened.get(i, {})
                print(json.dumps({"entry": e, "sealed": got.get("sealed", "locked" if "sealed" in e else None),
                                  "audit": got.get("audit", "locked" if "audit" in e else None)}, ensure_ascii=False))
        for iid, item in reader.items.items():
            print(json.dumps({"item": iid, "case": item["case"], "entry": item["seq"], "object": item["object"],
                              "amendedBy": item["amendments"], "metadata": reader.item_state(iid) or "locked"},
                             ensure_ascii=False))
    print(f"{'INTACT' if not R.problems else 'PROBLEMS'}: {R.passed} checks passed, "
          f"{len(R.problems)} problems, {len(R.notes)} notes", file=R.out)
    return EX_OK if not R.problems else EX_DATAERR


if __name__ == "__main__":
    sys.exit(main())
