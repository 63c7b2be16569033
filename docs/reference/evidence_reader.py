#!/usr/bin/env python3
"""An independent reader and verifier for evidence repositories, format version 1.

Written only from docs/FORMAT.md (cited as §n), what docs/VERIFICATION.md says verify checks (cited
as VERIFICATION.md §n), and the C2SP specs FORMAT.md cites (tlog-tiles,
tlog-checkpoint, signed-note), to show that the document is precise enough; never from the
Swift sources. Needs Python 3.11 and the `cryptography` package.

  evidence_reader.py verify REPO [--user NAME --passphrase-file F] [--recovery-passphrase-file F]
                                 [--verifier-key VKEY|FILE] [--explain]
  evidence_reader.py dump REPO --user NAME --passphrase-file F [--recovery-passphrase-file F]

verify prints each check and each problem; dump prints every entry with its opened parts and
every item with its current metadata as JSON lines (the report goes to standard error).
Both replay the ledger with the authority state of §7.10 (users, their roles, clearances, keys,
identity digests and disabling; the policy in force, parsed from the public text of the newest
valid policy.applied; cases, memberships, statuses and holds; items and disposals; audit key
holders), built from the readable parts alone: each entry whose signer lacked the authority for it
is a problem "entry N (TYPE, signed by SIGNER): invalid: WHAT THEY LACKED", and it changes nothing
(its users, cases, items, envelopes are not counted by the later checks).
Policies are read with this reader's own parser of the YAML subset the default policy is written
in (block mappings, plain words, flow and block sequences, comments); a policy outside it is read
with PyYAML when that is importable, and is otherwise reported as unreadable (its entry invalid).
--verifier-key is the log's verifier key as the auditor keeps it: entry 0's, or any later key of the
log key chain (§7.8), which is followed from entry 0's key in either case; without it, entry 0's key
is trusted on first use.
--explain prints intermediate values (keys, hashes), to compare with §11's worked example.
Exit status: 0 when everything holds, 65 when anything fails, 64 for a usage error.
"""
import argparse, base64, binascii, calendar, hashlib, hmac, json, os, re, struct, sys, unicodedata, zlib
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

def read_key_file(repo, cfg, folder, name, kind, id_member, prefix, more, file=None):
    """§5.1 keys/<slot id> and §5.3 identities/<user id> (or the `file` that is to replace it):
    canonical JSON, named by its id member."""
    what = file or f"{folder}/{name}"
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


def parse_case_keyring(raw, what):
    """§5.4: "EVCK" ‖ 0x01 ‖ n ‖ n × (class ‖ key (32)), classes 0-6 strictly ascending, 0 first."""
    if len(raw) < 6 or raw[:5] != b"EVCK\x01" or raw[5] < 1 or len(raw) != 6 + 33 * raw[5]:
        raise Bad(f"{what}: not a case keyring (EVCK ‖ 0x01 ‖ n ‖ n × 33 bytes)")
    keys, previous = {}, -1
    for i in range(raw[5]):
        cls = raw[6 + 33 * i]
        if cls <= previous or cls > 6:
            raise Bad(f"{what}: keyring classes are not distinct classes 0-6 in ascending order")
        keys[cls], previous = raw[7 + 33 * i:39 + 33 * i], cls
    if 0 not in keys:
        raise Bad(f"{what}: the keyring does not hold the case key (class 0)")
    return keys


def case_subkeys(k):
    """§5.6: the three keys derived from a class key (the case key K0 or a class key Kc)."""
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
    if gen not in wrap_keys:  # the key id: class << 24 | generation (§5.4)
        raise Bad(f"object sealed under key id {gen:#010x} (class {gen >> 24}, generation {gen & 0xFFFFFF}), "
                  "which is not held")
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
PUBLIC = {  # `public` members checked as well formed when decoding (readers ignore members they do not
    # know): those no rule reads, the log key chain's (§7.8) and those that account for envelopes
    # (§5.6). The facts authority rests on are checked by the rules instead (§7.10: a missing or
    # malformed one makes the entry invalid, not damaged).
    "repository.created": {"repository": "str", "origin": "str", "logKey": "str", "auditKey": "str",
                           "recoveryKey": "str", "keyringGeneration": "int"},
    "verification.run": {"outcome": "str", "treeSize": "int", "items": "int", "objectsDecrypted": "int",
                         "objectsWithoutKeys": "int", "problems": "int"},
    "ledger.tail-dropped": {"dropped": "int", "from": "int"},
    "identity.registered": {"keyringGeneration": "int"},
    "case.created": {"keyHolders": "list"}, "case.rekeyed": {"keyHolders": "list"},
    "log-key.rotated": {"logKey": "str", "previousLogKey": "str", "keyringGeneration": "int", "keyHolders": "list"},
}
LOG_SIGNED = {"repository.created", "log-key.rotated"}  # §7.2: the only types the log key may sign
KINDS = {"exhibit", "statement", "document", "email", "image", "video", "other"}
REPEATED = {  # §7.4: sealed members that repeat a public fact (the one authority decides with, §7.10)
    "user.added": ("roles", "clearance"), "case.created": ("classification",),
    "item.added": ("classification", "sensitive"), "item.derived": ("classification", "sensitive"),
    "physical-item.added": ("classification", "sensitive"), "case.status": ("status", "date", "released"),
}


def decode_entry(raw, seq):
    """Canonical JSON with only the members of §7.2, each well formed where present."""
    what = f"entry {seq}"
    e = members(parse_json(raw, what), what, ENTRY_REQUIRED, ENTRY_OPTIONAL, kind="ledger-entry")
    typed(e, "seq", "int", what), typed(e, "type", "str", what), typed(e, "tool", "str", what)
    check_time(e["time"], what + " time")
    check_id(e["actor"], "usr", what + " actor")
    if e["signer"] != "log":
        check_id(e["signer"], "usr", what + " signer")
    b64(e["signature"], what + " signature", 64)
    if "case" in e:
        check_id(e["case"], "case", what + " case")
    if "item" in e:
        check_id(e["item"], "itm", what + " item")
    if "object" in e:
        o = members(typed(e, "object", "obj", what), what + " object", ["ciphertextSha256", "name", "size"])
        hexbytes(o["ciphertextSha256"], what + " ciphertextSha256"), hexbytes(o["name"], what + " object name")
        typed(o, "size", "int", what + " object")
    if "commitment" in e:
        hexbytes(e["commitment"], what + " commitment")
    if "public" in e or e["type"] in PUBLIC:
        typed(e, "public", "obj", what)
        for name, kind in PUBLIC.get(e["type"], {}).items():
            typed(e["public"], name, kind, what + " public")
    for part, algorithm in (("audit", 1), ("sealed", 2)):
        if part in e:
            parse_box(b64(e[part], f"{what} {part}"), algorithm, f"{what} {part}")
    return e


def signing_input(e):
    """"evidence/v1/ledger-entry\\n" ‖ canonical JSON of the entry without `signature`."""
    return b"evidence/v1/ledger-entry\n" + canonical_json({k: v for k, v in e.items() if k != "signature"})


# ------------------------------------------------------------------ §7.11 The access policy

ACTIONS = {"create-case", "grant-membership", "add-item", "view-metadata", "amend-metadata", "read-content", "export",
           "search", "record-custody", "record-disclosure", "produce-schedules", "verify", "audit", "manage-users",
           "apply-policy", "dispose"}
REPOSITORY_ACTIONS = {"create-case", "verify", "audit", "manage-users", "apply-policy"}  # §7.10 decision, 3
CLEARANCES, CLASSIFICATIONS = ("BPSS", "SC", "DV"), ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET")
POLICY_KEYS = {"version", "clearances", "reason-required", "sensitive-material", "roles"}
YAML_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
YAML_KEY_LINE = re.compile(r"([A-Za-z0-9][A-Za-z0-9_.-]*):(?: (.*))?")


class OutsideSubset(Exception):
    """YAML this reader's own parser does not read (it may still be valid YAML)."""


def yaml_subset(text):
    """The YAML the default policy is written in, and nothing more: block mappings of plain-word
    keys, plain-word scalars, flow sequences of plain words (which may continue on more-indented
    lines), block sequences ("- word"), comments and blank lines. Returns dicts, lists, strings and
    None (an empty value). Raises Bad for a duplicate key (not valid YAML, so no valid policy) and
    OutsideSubset for anything else it does not read."""
    lines = []
    for number, raw in enumerate(text.split("\n"), 1):
        raw = raw.removesuffix("\r")
        m = re.search(r"(^| )#", raw)  # a comment starts at '#' at the start or after a space
        body = (raw[:m.start()] if m else raw).rstrip(" ")
        if not body:
            continue
        if re.search(r"[\t\r'\"{}&*!|>%@`?]", body) or body.startswith(("---", "...")):
            raise OutsideSubset(f"line {number}: quotes, tags, anchors, block scalars, mappings in flow or "
                                "document markers")
        lines.append((number, len(body) - len(body.lstrip(" ")), body.lstrip(" ")))

    def flow(pos, start, owner_indent):
        """A flow sequence of plain words from `start` ('[…'), continuing on lines indented more than its key."""
        text_, number = start, lines[pos][0]
        while "]" not in text_:
            pos += 1
            if pos >= len(lines) or lines[pos][1] <= owner_indent:
                raise OutsideSubset(f"line {number}: a flow sequence not closed on lines indented more than its key")
            text_ += " " + lines[pos][2]
        if text_.count("[") != 1 or text_.count("]") != 1 or not text_.endswith("]"):
            raise OutsideSubset(f"line {number}: nested flow sequences or text after ']'")
        inside = text_[1:-1].strip()
        items = [w.strip() for w in inside.split(",")] if inside else []
        if not all(YAML_WORD.fullmatch(w) for w in items):
            raise OutsideSubset(f"line {number}: a flow sequence item that is not a plain word")
        return items, pos + 1

    def value(pos, rest, indent):
        """The value after 'key:' on line pos (rest: the text after ': ', or None)."""
        if rest is None:  # a nested block, a block sequence at the key's own indentation, or empty
            if pos + 1 < len(lines) and (lines[pos + 1][1] > indent or
                                         (lines[pos + 1][1] == indent and lines[pos + 1][2].startswith("- "))):
                return block(pos + 1, lines[pos + 1][1])
            return None, pos + 1
        if rest.startswith("["):
            return flow(pos, rest, indent)
        if not YAML_WORD.fullmatch(rest):
            raise OutsideSubset(f"line {lines[pos][0]}: a value that is not a plain word")
        return rest, pos + 1

    def block(pos, indent):
        if lines[pos][2].startswith("- "):  # a block sequence of plain words
            items = []
            while pos < len(lines) and lines[pos][1] == indent and lines[pos][2].startswith("- "):
                word = lines[pos][2][2:].strip()
                if not YAML_WORD.fullmatch(word):
                    raise OutsideSubset(f"line {lines[pos][0]}: a sequence item that is not a plain word")
                items.append(word)
                pos += 1
            return items, pos
        mapping = {}
        while pos < len(lines) and lines[pos][1] == indent:
            number, _, body = lines[pos]
            m = YAML_KEY_LINE.fullmatch(body)
            if not m:
                raise OutsideSubset(f"line {number}: not 'key: value' with a plain-word key")
            if m[1] in mapping:
                raise Bad(f"line {number}: duplicate key {m[1]}")
            mapping[m[1]], pos = value(pos, m[2].strip() if m[2] is not None else None, indent)
        return mapping, pos

    if not lines:
        raise Bad("the policy is empty")
    if lines[0][1] != 0:
        raise OutsideSubset(f"line {lines[0][0]}: the top-level mapping is indented")
    tree, pos = block(0, 0)
    if pos != len(lines):
        raise OutsideSubset(f"line {lines[pos][0]}: indentation that closes no block")
    return tree


def yaml_composed(text):
    """With PyYAML importable, YAML outside yaml_subset: its node graph (as libyaml composes it)
    turned into the same dicts, lists, strings and None; duplicate keys are an error."""
    import yaml  # optional; the reader needs only Python 3.11 and cryptography

    def convert(node):
        if isinstance(node, yaml.MappingNode):
            out = {}
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    raise Bad(f"line {k.start_mark.line + 1}: keys must be plain words")
                if k.value in out:
                    raise Bad(f"line {k.start_mark.line + 1}: duplicate key {k.value}")
                out[k.value] = convert(v)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [convert(v) for v in node.value]
        return None if node.tag == "tag:yaml.org,2002:null" else node.value

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        raise Bad(f"not valid YAML: {str(e).splitlines()[0]}") from None
    if node is None:
        raise Bad("the policy is empty")
    return convert(node)


def parse_yaml(text):
    """The policy's YAML: this reader's own strict parser; beyond its subset, PyYAML when it is
    importable; otherwise the policy cannot be read (and the entry is reported, not applied)."""
    try:
        return yaml_subset(text)
    except OutsideSubset as e:
        try:
            return yaml_composed(text)
        except ImportError:
            raise Bad(f"its YAML is outside the subset this reader parses without PyYAML ({e})") from None


def parse_policy(text):
    """§7.11: a valid policy. Returns {"clearances": {name: set}, "reason": set, "sensitive": set,
    "roles": {name: {"scope": str, "actions": set}}}; raises Bad saying what is wrong."""
    if len(text.encode("utf-8")) > 32 * 1024:
        raise Bad("a policy is at most 32 KiB")
    top = parse_yaml(text)
    if not isinstance(top, dict):
        raise Bad("the policy is not a mapping")

    def words(value, what, allowed=None):
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise Bad(f"{what} is not a list of words")
        if allowed is not None and not set(value) <= allowed:
            raise Bad(f"{what} names unknown values {sorted(set(value) - allowed)}")
        return set(value)

    unknown, missing = set(top) - POLICY_KEYS, {"version", "clearances", "roles"} - set(top)
    if unknown or missing:
        raise Bad(f"unknown keys {sorted(unknown)}" if unknown else f"no {sorted(missing)}")
    if top["version"] != "1":
        raise Bad("version is not 1")
    clearances = top["clearances"]
    if not isinstance(clearances, dict) or set(clearances) != set(CLEARANCES):
        raise Bad("clearances does not map exactly BPSS, SC and DV")
    policy = {"clearances": {c: words(v, f"clearance {c}", set(CLASSIFICATIONS)) for c, v in clearances.items()},
              "reason": words(top.get("reason-required", []), "reason-required", ACTIONS),
              "sensitive": words(top.get("sensitive-material", []), "sensitive-material"), "roles": {}}
    if not isinstance(top["roles"], dict):
        raise Bad("roles is not a mapping of role names")
    for name, body in top["roles"].items():
        if not isinstance(body, dict) or not set(body) <= {"scope", "actions"} or body.get("scope") not in ("repository", "case"):
            raise Bad(f"role {name} is not a mapping of scope (repository or case) and actions")
        actions = words(body.get("actions", []), f"the actions of {name}", ACTIONS)
        if body["scope"] == "repository" and not actions <= REPOSITORY_ACTIONS:
            raise Bad(f"role {name} has repository scope but case actions {sorted(actions - REPOSITORY_ACTIONS)}")
        policy["roles"][name] = {"scope": body["scope"], "actions": actions}
    if not policy["sensitive"] <= set(policy["roles"]):
        raise Bad(f"sensitive-material names {sorted(policy['sensitive'] - set(policy['roles']))}, which are not roles")
    if not any(r["scope"] == "repository" and {"manage-users", "apply-policy"} <= r["actions"] for r in policy["roles"].values()):
        raise Bad("no repository role may both manage users and apply a policy")
    return policy


# ------------------------------------------------------------------ §7.10 Authority

class Invalid(Exception):
    """An entry whose signer lacked the authority for it (§7.10): reported, and it changes nothing."""


DATE_RE = re.compile(r"\d{4}-\d\d-\d\d")
STATUSES = {"under-investigation", "no-further-action", "charged", "convicted", "acquitted", "appeal-pending"}


KINDS_OF_FACT = {"str": "a string", "int": "an integer", "bool": "a boolean", "words": "a list of distinct strings"}


def fact(pub, name, kind):
    """A public fact a rule or the state needs: missing or malformed, the entry is invalid (§7.10)."""
    v = pub.get(name)
    ok = {"str": isinstance(v, str), "int": type(v) is int, "bool": type(v) is bool,
          "words": isinstance(v, list) and all(isinstance(w, str) for w in v) and len(set(v)) == len(v)}[kind]
    if not ok:
        raise Invalid(f"its public {name} is missing or not {KINDS_OF_FACT[kind]}")
    return v


def key32(pub, name):
    """A base64 32-byte public key."""
    try:
        return b64(fact(pub, name, "str"), f"its public {name}", 32)
    except Bad as x:
        raise Invalid(str(x)) from None


def digest32(pub, name):
    """A hex SHA-256 digest."""
    try:
        hexbytes(fact(pub, name, "str"), f"its public {name}")
    except Bad as x:
        raise Invalid(str(x)) from None
    return pub[name]


def day(pub, name):
    """A `YYYY-MM-DD` date (a real one)."""
    v = fact(pub, name, "str")
    try:
        if not DATE_RE.fullmatch(v):
            raise ValueError
        datetime.strptime(v, "%Y-%m-%d")
    except ValueError:
        raise Invalid(f"its public {name} is not a YYYY-MM-DD date") from None
    return v


def visibility(pub):
    """An item's visibility class: public `classification` and `sensitive`."""
    cls = fact(pub, "classification", "str")
    if cls not in CLASSIFICATIONS:
        raise Invalid(f"its classification {cls!r} is not one of {', '.join(CLASSIFICATIONS)}")
    return cls, fact(pub, "sensitive", "bool")


def add_months(date, months):
    """§7.4: the same day `months` calendar months later, or the last day of a shorter month."""
    y, m, d = map(int, date.split("-"))
    y, m = divmod(y * 12 + m - 1 + months, 12)
    return f"{y:04d}-{m + 1:02d}-{min(d, calendar.monthrange(y, m + 1)[1]):02d}"


def disposal_block(status, today):
    """§7.4 Holds and retention: why a case's status forbids disposal on `today`, or None."""
    if status is None:
        return "the case has no recorded status"
    s = status["status"]
    if s in ("no-further-action", "acquitted"):
        return None
    if s != "convicted":
        return f"the case's status is {s}"
    if status["released"] is None:
        return "the case records a conviction without a release"
    earliest = max(add_months(status["date"], 6), status["released"])
    return f"the case's conviction keeps material until {earliest}" if today < earliest else None


class Authority:
    """§7.10: who may do what, built from the readable parts of the valid entries only, in
    order. admit(e) judges an entry on the state before it by its type's rule (RULES) and
    applies it when valid; it raises Invalid, with what the signer lacked, otherwise."""

    def __init__(self):
        self.first, self.policy, self.users, self.cases, self.items = None, None, {}, {}, {}
        self.audit_holders, self.slots = set(), set()
        self.envelopes = {}  # §5.6: the envelopes the valid entries account for, path -> seq
        self.recovery_grant = None  # (seq, actor, case, user, role) of a valid grant-case recovery
        self.grant_before = None  # that of the entry right before the one being judged

    # ---- entries
    def admit(self, e):
        self.grant_before, self.recovery_grant = self.recovery_grant, None
        rule, apply = RULES.get(e["type"], (Authority.rule_other, None))
        pub = e.get("public", {})
        rule(self, e, pub)
        if apply:
            apply(self, e, pub)

    def skip(self):
        """An entry that is damaged or invalid changes nothing; the next one cannot rest on it."""
        self.recovery_grant = None

    # ---- who (§7.10: registered, enabled, the decision)
    def registered(self, uid):
        u = self.users.get(uid)
        if u is None or u["registered"] is None:
            raise Invalid(f"{uid} is not a registered user before it")
        return u

    def enabled(self, uid):
        if self.registered(uid)["disabled"]:
            raise Invalid(f"{uid} was disabled before it")
        return self.users[uid]

    def policy_in_force(self):
        if self.policy is None:
            raise Invalid("no policy is in force before it")
        return self.policy

    def cleared(self, uid, classification):
        return classification in self.policy["clearances"].get(self.users[uid]["clearance"], ())

    def holds_action(self, uid, action, P):
        """Any of the user's roles is a role of P whose actions contain `action`."""
        return any(action in P["roles"].get(r, {}).get("actions", ()) for r in self.users[uid]["roles"])

    def may(self, uid, action, case=None, cls=None):
        """The decision: may `uid` do `action` on the repository, on `case`, or on an item of
        visibility class `cls` (classification, sensitive) in `case`?"""
        u, P = self.enabled(uid), self.policy_in_force()
        role = None
        if case is not None:
            c = self.cases.get(case)
            if c is None:
                raise Invalid(f"case {case} was never created before it")
            role = c["members"].get(uid)
            if role is None:
                raise Invalid(f"{uid} is not a member of case {case}")
            for what, classification in [(f"case {case}", c["classification"])] + ([("the item", cls[0])] if cls else []):
                if not self.cleared(uid, classification):
                    raise Invalid(f"{what} is {classification}, beyond {uid}'s clearance {u['clearance']}")
            if cls and cls[1] and role not in P["sensitive"]:
                raise Invalid(f"the item is sensitive material, which the role {role} does not see")
        if action in REPOSITORY_ACTIONS:
            if not self.holds_action(uid, action, P):
                raise Invalid(f"none of {uid}'s roles ({', '.join(u['roles'])}) may {action}")
        elif role is None:
            raise Invalid(f"{action} is done in a case, and none is named")
        elif P["roles"].get(role, {}).get("scope") != "case" or action not in P["roles"][role]["actions"]:
            raise Invalid(f"{uid}'s role {role} in case {case} may not {action}")

    def administrators(self, P, excluding=None):
        """Enabled users other than `excluding` who may both manage-users and apply-policy under P."""
        return [u for u, r in self.users.items() if u != excluding and r["registered"] is not None and not r["disabled"]
                and self.holds_action(u, "manage-users", P) and self.holds_action(u, "apply-policy", P)]

    def may_case(self, e, action):
        if "case" not in e:
            raise Invalid("it names no case")
        self.may(e["actor"], action, e["case"])

    def may_item(self, e, action, live=False):
        """The entry's item exists in the entry's case (undisposed when `live`) and the actor may
        do `action` on it."""
        iid = e.get("item")
        it = self.items.get(iid)
        if it is None:
            raise Invalid("it names no item added before it")
        if it["case"] != e.get("case"):
            raise Invalid(f"item {iid} is not an item of case {e.get('case')}")
        self.may(e["actor"], action, it["case"], (it["classification"], it["sensitive"]))
        if live and it["disposed"]:
            raise Invalid(f"item {iid} was disposed of before it")
        return it

    def grantee(self, uid, role, case, may_be_member=False):
        """A member-to-be: `role` is a case role; the user is enabled, holds it, is cleared for the case."""
        if self.policy["roles"].get(role, {}).get("scope") != "case":
            raise Invalid(f"{role} is not a case role of the policy in force")
        if role not in self.enabled(uid)["roles"]:
            raise Invalid(f"{uid} does not hold the role {role}")
        if not self.cleared(uid, self.cases[case]["classification"]):
            raise Invalid(f"{uid}'s clearance does not cover case {case}")
        if not may_be_member and uid in self.cases[case]["members"]:
            raise Invalid(f"{uid} is already a member of case {case}")

    def covering_hold(self, iid):
        """§7.4: a hold in force on the item's case, on the item, or on an item it was extracted from."""
        lineage, parent = {iid}, self.items[iid]["parent"]
        while parent is not None and parent not in lineage and parent in self.items:
            lineage.add(parent)
            parent = self.items[parent]["parent"]
        return next((h for h, hold in self.cases[self.items[iid]["case"]]["holds"].items()
                     if hold["active"] and (hold["item"] is None or hold["item"] in lineage)), None)

    def account(self, path, seq):
        self.envelopes[path] = seq
        parts = path.split("/")
        if parts[0] == "cases" and parts[1] in self.cases:
            self.cases[parts[1]]["holders"].add(parts[-1])

    # ---- the rules (each raises Invalid) and what a valid entry applies, by type
    def rule_created(self, e, pub):
        if e["seq"] != 0:
            raise Invalid("repository.created may only be entry 0")

    def apply_created(self, e, pub):
        self.first = e["actor"]
        self.users[e["actor"]] = new_user(["administrator"], "BPSS")
        self.account("keyring/1/recovery", 0)
        self.account("audit/1/recovery", 0)

    def rule_registered(self, e, pub):
        user = fact(pub, "user", "str")
        if user != e["actor"]:
            raise Invalid("a user registers only their own keys")
        for name in ("signingKey", "sealingKey"):
            key32(pub, name)
        digest32(pub, "identity")
        u = self.users.get(user)
        if u is not None and u["registered"] is not None:
            raise Invalid(f"{user} was already registered")
        if e["seq"] == 1:
            if user != self.first:
                raise Invalid("entry 1 must register the first user (repository.created's actor)")
        elif u is None or u["invited"] is None:
            raise Invalid(f"no user.added invited {user} before it")

    def apply_registered(self, e, pub):
        u = self.users[pub["user"]]
        u.update(registered=e["seq"], signing=key32(pub, "signingKey"), sealing=key32(pub, "sealingKey"),
                 identity=pub["identity"], identity_seq=e["seq"], keyring=pub["keyringGeneration"])
        self.account(f"keyring/{pub['keyringGeneration']}/{pub['user']}", e["seq"])

    def rule_slot(self, e, pub):
        if self.policy is None:
            if e["actor"] != self.first:
                raise Invalid("before any policy, only the first user manages recovery slots")
        else:
            self.may(e["actor"], "manage-users")

    def apply_slot(self, e, pub):
        if isinstance(pub.get("slot"), str):
            (self.slots.add if e["type"].endswith("added") else self.slots.discard)(pub["slot"])

    def rule_passphrase(self, e, pub):
        if fact(pub, "user", "str") != e["actor"]:
            raise Invalid("a user changes only their own passphrase")
        self.enabled(e["actor"])
        digest32(pub, "identity")

    def apply_passphrase(self, e, pub):
        self.users[e["actor"]].update(identity=pub["identity"], identity_seq=e["seq"])

    def rule_policy(self, e, pub):
        if self.policy is None and e["actor"] == self.first:
            self.enabled(e["actor"])  # the first policy: the first user
        else:
            self.may(e["actor"], "apply-policy")
        text = fact(pub, "text", "str")
        if fact(pub, "hash", "str") != sha256(text.encode()).hex():
            raise Invalid("its hash is not the SHA-256 of its text")
        try:
            self.next_policy = parse_policy(text)
        except Bad as x:
            raise Invalid(f"its text is not a valid policy (§7.11): {x}") from None
        if not self.administrators(self.next_policy):
            raise Invalid("under it no enabled user may both manage-users and apply-policy")

    def apply_policy(self, e, pub):
        self.policy = self.next_policy

    def rule_user_added(self, e, pub):
        self.may(e["actor"], "manage-users")
        user = fact(pub, "user", "str")
        if not re.fullmatch(f"usr_[0-7]{CROCKFORD}{{25}}", user):
            raise Invalid(f"{user!r} is not a user id")
        if user in self.users:
            raise Invalid(f"{user} was already invited or registered")
        roles = fact(pub, "roles", "words")
        if not roles or not set(roles) <= set(self.policy["roles"]):
            raise Invalid(f"its roles {roles} are not a non-empty list of roles of the policy in force")
        if fact(pub, "clearance", "str") not in self.policy["clearances"]:
            raise Invalid(f"its clearance {pub['clearance']!r} is not one of the policy in force")

    def apply_user_added(self, e, pub):
        self.users[pub["user"]] = new_user(pub["roles"], pub["clearance"], invited=e["seq"])

    def rule_user_disabled(self, e, pub):
        self.may(e["actor"], "manage-users")
        user = fact(pub, "user", "str")
        if user not in self.users:
            raise Invalid(f"{user} was never invited (nor is the first user)")
        if self.users[user]["disabled"]:
            raise Invalid(f"{user} was already disabled")
        if not self.administrators(self.policy, excluding=user):
            raise Invalid("it would leave no other enabled user who may both manage-users and apply-policy")

    def apply_user_disabled(self, e, pub):
        self.users[pub["user"]]["disabled"] = True

    def rule_rotated(self, e, pub):
        self.may(e["actor"], "manage-users")
        try:
            signature = b64(fact(pub, "actorSignature", "str"), "its public actorSignature", 64)
        except Bad as x:
            raise Invalid(str(x)) from None
        unsigned = {k: v for k, v in e.items() if k != "signature"}
        unsigned["public"] = {k: v for k, v in pub.items() if k != "actorSignature"}
        if not ed25519_ok(self.users[e["actor"]]["signing"], signature,
                          b"evidence/v1/actor-signature\n" + canonical_json(unsigned)):
            raise Invalid("its public actorSignature does not verify with its actor's registered key")

    def apply_rotated(self, e, pub):
        for holder in pub["keyHolders"]:
            self.account(f"keyring/{pub['keyringGeneration']}/{holder}", e["seq"])

    def rule_recovery(self, e, pub):
        self.may(e["actor"], "manage-users")
        purpose = pub.get("purpose")
        if purpose == "grant-audit":
            try:
                self.may(fact(pub, "user", "str"), "audit")
            except Invalid as x:
                raise Invalid(f"the audit key goes only to an enabled user who may audit: {x}") from None
        elif purpose == "grant-case":
            case, user, role = (fact(pub, m, "str") for m in ("case", "user", "role"))
            if case not in self.cases:
                raise Invalid(f"case {case} was never created before it")
            self.grantee(user, role, case, may_be_member=True)
        else:
            raise Invalid(f"its purpose {purpose!r} is neither grant-audit nor grant-case")

    def apply_recovery(self, e, pub):
        if pub["purpose"] == "grant-audit":
            self.audit_holders.add(pub["user"])
            self.account(f"audit/1/{pub['user']}", e["seq"])
        else:
            self.recovery_grant = (e["seq"], e["actor"], pub["case"], pub["user"], pub["role"])

    def rule_case_created(self, e, pub):
        self.may(e["actor"], "create-case")
        if "case" not in e or e["case"] in self.cases:
            raise Invalid("its case id is missing or was already used")
        cls = fact(pub, "classification", "str")
        if cls not in CLASSIFICATIONS:
            raise Invalid(f"its classification {cls!r} is not one of {', '.join(CLASSIFICATIONS)}")
        if fact(pub, "keyGeneration", "int") != 1:
            raise Invalid("a case starts at key generation 1")
        if not self.cleared(e["actor"], cls):
            raise Invalid(f"{e['actor']}'s clearance does not cover a {cls} case")

    def apply_case_created(self, e, pub):
        self.cases[e["case"]] = {"classification": pub["classification"], "creator": e["actor"], "generation": 1,
                                 "members": {}, "granted": False, "status": None, "holds": {}, "holders": set()}
        for holder in pub["keyHolders"]:
            self.account(f"cases/{e['case']}/keys/1/{holder}", e["seq"])

    def rule_granted(self, e, pub):
        case, state = e.get("case"), self.cases.get(e.get("case"))
        if state is None:
            raise Invalid("it names no case created before it")
        user, role = fact(pub, "user", "str"), fact(pub, "role", "str")
        P, actor = self.policy_in_force(), e["actor"]
        self.enabled(actor)
        by_recovery = self.grant_before == (e["seq"] - 1, actor, case, user, role)
        by_creation = (not state["granted"] and state["creator"] == actor == user and role in self.users[actor]["roles"]
                       and "create-case" in P["roles"].get(role, {}).get("actions", ()))
        if not (by_recovery or by_creation):
            self.may(actor, "grant-membership", case)
        self.grantee(user, role, case, may_be_member=by_recovery)

    def apply_granted(self, e, pub):
        state = self.cases[e["case"]]
        state["members"][pub["user"]], state["granted"] = pub["role"], True
        generations = pub.get("generations", [])
        for g in generations if isinstance(generations, list) else []:
            self.account(f"cases/{e['case']}/keys/{g}/{pub['user']}", e["seq"])

    def rule_revoked(self, e, pub):
        self.may_case(e, "grant-membership")
        if fact(pub, "user", "str") not in self.cases[e["case"]]["members"]:
            raise Invalid(f"{pub['user']} is not a member of case {e['case']}")

    def apply_revoked(self, e, pub):
        del self.cases[e["case"]]["members"][pub["user"]]
        for path in [p for p in self.envelopes if p.startswith(f"cases/{e['case']}/keys/") and p.endswith("/" + pub["user"])]:
            del self.envelopes[path]

    def rule_rekeyed(self, e, pub):
        self.may_case(e, "grant-membership")
        if fact(pub, "keyGeneration", "int") != self.cases[e["case"]]["generation"] + 1:
            raise Invalid("its keyGeneration is not the case's next")

    def apply_rekeyed(self, e, pub):
        self.cases[e["case"]]["generation"] = pub["keyGeneration"]
        for holder in pub["keyHolders"]:
            self.account(f"cases/{e['case']}/keys/{pub['keyGeneration']}/{holder}", e["seq"])

    def rule_new_item(self, e, pub):
        """item.added, physical-item.added, item.derived."""
        case, iid = e.get("case"), e.get("item")
        if case is None or iid is None:
            raise Invalid("it names no case and item")
        if iid in self.items:
            raise Invalid(f"its item id {iid} was already used")
        cls, physical = visibility(pub), e["type"] == "physical-item.added"
        if physical and ("object" in e or "commitment" in e):
            raise Invalid("a physical exhibit has no object and no commitment")
        if not physical and ("object" not in e or "commitment" not in e):
            raise Invalid("it does not name its object and commitment")
        if case not in self.cases:
            raise Invalid(f"case {case} was never created before it")
        if e["type"] != "item.derived":
            return self.may(e["actor"], "add-item", case, cls)
        parent = self.items.get(fact(pub, "parent", "str"))
        if parent is None or parent["case"] != case or parent["disposed"]:
            raise Invalid(f"its parent {pub['parent']} is not an undisposed item of case {case}")
        if (parent["classification"], parent["sensitive"]) != cls:
            raise Invalid("a part has its parent's classification and sensitivity")
        try:  # the part has the parent's class: a decision on the parent decides for it too
            self.may(e["actor"], "add-item", case, cls)
        except Invalid:
            self.may(e["actor"], "read-content", case, cls)

    def apply_new_item(self, e, pub):
        self.items[e["item"]] = {"case": e["case"], "seq": e["seq"], "classification": pub["classification"],
                                 "sensitive": pub["sensitive"], "parent": pub.get("parent") if e["type"] == "item.derived" else None,
                                 "physical": e["type"] == "physical-item.added", "object": e.get("object"),
                                 "added_object": e.get("object"), "commitment": e.get("commitment"), "disposed": False,
                                 "amendments": [], "resealed": None, "superseded": []}

    def rule_read(self, e, pub):
        self.may_item(e, "read-content", live=True)

    def rule_amended(self, e, pub):
        it = self.may_item(e, "amend-metadata", live=True)
        reseals = "object" in e or "commitment" in e
        if "classification" not in pub and "sensitive" not in pub:
            if reseals:
                raise Invalid("an amendment that does not reclassify the item names no object or commitment")
            return
        cls = visibility(pub)
        if cls == (it["classification"], it["sensitive"]) or it["physical"]:
            if reseals:
                raise Invalid("it names an object or commitment, but re-seals no content")
        elif "object" not in e or e.get("commitment") != it["commitment"]:
            raise Invalid(f"it changes the class of item {e['item']} without naming its object re-sealed under the "
                          "new class and the item's commitment (§7.4 Reclassification)")
        elif e["object"]["name"] == it["object"]["name"]:
            raise Invalid(f"it names the object item {e['item']} already had, sealed under its old class")
        self.may(e["actor"], "amend-metadata", it["case"], cls)

    def apply_amended(self, e, pub):
        it = self.items[e["item"]]
        if "classification" in pub:
            it["classification"], it["sensitive"] = pub["classification"], pub["sensitive"]
        if "object" in e:  # §7.4 Reclassification: the content is the re-sealed object from now on
            it["superseded"].append(it["object"]["name"])
            it["object"], it["resealed"] = e["object"], e["seq"]
        it["amendments"].append(e["seq"])

    def rule_custody(self, e, pub):
        self.may_item(e, "record-custody")

    def rule_disposed(self, e, pub):
        it = self.may_item(e, "dispose", live=True)
        if it["physical"]:
            raise Invalid("a physical exhibit has no content to dispose of")
        if "object" in e or e.get("commitment") != it["commitment"]:
            raise Invalid(f"it names an object, or its commitment is not the one item {e['item']} was added with")
        hold = self.covering_hold(e["item"])
        if hold is not None:
            raise Invalid(f"hold {hold} in force covers the item")
        block = disposal_block(self.cases[it["case"]]["status"], e["time"][:10])
        if block:
            raise Invalid(f"{block}: no disposal on {e['time'][:10]}")

    def apply_disposed(self, e, pub):
        self.items[e["item"]]["disposed"] = True

    def rule_reviewed(self, e, pub):
        self.may_item(e, "dispose", live=True)

    def rule_retention_set(self, e, pub):
        if "item" in e:
            self.may_item(e, "amend-metadata", live=True)
        else:
            self.may_case(e, "amend-metadata")

    def rule_hold(self, e, pub):
        hold = fact(pub, "hold", "str")
        if "item" in e:
            self.may_item(e, "record-disclosure", live=e["type"] == "hold.added")
        else:
            self.may_case(e, "record-disclosure")
        existing = self.cases[e["case"]]["holds"].get(hold)
        if e["type"] == "hold.added" and existing is not None:
            raise Invalid(f"hold {hold} was already placed in case {e['case']}")
        if e["type"] == "hold.released" and not (existing and existing["active"] and existing["item"] == e.get("item")):
            raise Invalid(f"hold {hold} is not in force on what it names")

    def apply_hold(self, e, pub):
        holds = self.cases[e["case"]]["holds"]
        if e["type"] == "hold.added":
            holds[pub["hold"]] = {"item": e.get("item"), "active": True}
        else:
            holds[pub["hold"]]["active"] = False

    def rule_status(self, e, pub):
        self.may_case(e, "record-disclosure")
        if fact(pub, "status", "str") not in STATUSES:
            raise Invalid(f"its status {pub['status']!r} is not one of {', '.join(sorted(STATUSES))}")
        date = day(pub, "date")
        if date > e["time"][:10]:
            raise Invalid(f"its date {date} is after the day it was recorded")
        if "released" in pub and (day(pub, "released") < date or pub["status"] != "convicted"):
            raise Invalid("a release date belongs to a conviction, on or after its date")

    def apply_status(self, e, pub):
        self.cases[e["case"]]["status"] = {"status": pub["status"], "date": pub["date"], "released": pub.get("released")}

    def rule_search(self, e, pub):
        self.may_case(e, "search")

    def rule_denied(self, e, pub):
        self.registered(e["actor"])  # a disabled user's refusals are recorded too

    def rule_verification(self, e, pub):
        self.may(e["actor"], "verify")

    def rule_other(self, e, pub):
        """ledger.tail-dropped, and types of a later version (they change nothing this one derives)."""
        self.enabled(e["actor"])


def new_user(roles, clearance, invited=None):
    return {"roles": list(roles), "clearance": clearance, "invited": invited, "registered": None, "signing": None,
            "sealing": None, "identity": None, "identity_seq": None, "keyring": None, "disabled": False}


RULES = {  # §7.10's table: type -> (its rule, what it applies when valid)
    "repository.created": (Authority.rule_created, Authority.apply_created),
    "identity.registered": (Authority.rule_registered, Authority.apply_registered),
    "identity.passphrase-changed": (Authority.rule_passphrase, Authority.apply_passphrase),
    "recovery-slot.added": (Authority.rule_slot, Authority.apply_slot),
    "recovery-slot.removed": (Authority.rule_slot, Authority.apply_slot),
    "policy.applied": (Authority.rule_policy, Authority.apply_policy),
    "user.added": (Authority.rule_user_added, Authority.apply_user_added),
    "user.disabled": (Authority.rule_user_disabled, Authority.apply_user_disabled),
    "log-key.rotated": (Authority.rule_rotated, Authority.apply_rotated),
    "recovery.used": (Authority.rule_recovery, Authority.apply_recovery),
    "case.created": (Authority.rule_case_created, Authority.apply_case_created),
    "case.granted": (Authority.rule_granted, Authority.apply_granted),
    "case.revoked": (Authority.rule_revoked, Authority.apply_revoked),
    "case.rekeyed": (Authority.rule_rekeyed, Authority.apply_rekeyed),
    "item.added": (Authority.rule_new_item, Authority.apply_new_item),
    "physical-item.added": (Authority.rule_new_item, Authority.apply_new_item),
    "item.derived": (Authority.rule_new_item, Authority.apply_new_item),
    "item.read": (Authority.rule_read, None),
    "item.amended": (Authority.rule_amended, Authority.apply_amended),
    "custody.transferred": (Authority.rule_custody, None),
    "item.disposed": (Authority.rule_disposed, Authority.apply_disposed),
    "retention.reviewed": (Authority.rule_reviewed, None),
    "retention.set": (Authority.rule_retention_set, None),
    "hold.added": (Authority.rule_hold, Authority.apply_hold),
    "hold.released": (Authority.rule_hold, Authority.apply_hold),
    "case.status": (Authority.rule_status, Authority.apply_status),
    "search.run": (Authority.rule_search, None),
    "access.denied": (Authority.rule_denied, None),
    "verification.run": (Authority.rule_verification, None),
    "ledger.tail-dropped": (Authority.rule_other, None),
}


# ------------------------------------------------------------------ §8 Verification

class Reader:
    """Reads one repository and verifies it (VERIFICATION.md §1 (1), (2) and (4)), opening what the given keys allow."""

    def __init__(self, root, R, user=None, passphrase=None, recovery=None, vkey_text=None):
        self.repo, self.R, self.user, self.passphrase, self.recovery = Repo(root), R, user, passphrase, recovery
        self.vkey_text, self.vkey, self.uid, self.audit_private = vkey_text, None, None, None
        self.entries, self.sources, self.damaged, self.invalid = [], [], set(), []
        self.authority = Authority()  # §7.10; its users, cases and items are the ones later checks use
        self.users, self.cases, self.items = self.authority.users, self.authority.cases, self.authority.items
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
        self.replay()
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
        # VERIFICATION.md §1: no entry is stamped more than 5 minutes after this computer's clock (times are
        # canonical, so string order is time order).
        limit = (datetime.now(timezone.utc) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:23] + "Z"
        for i, e in enumerate(self.entries):  # seq is the index; time never goes back (damage: not applied, §7.10)
            if e and e["seq"] != i:
                R.fail(f"entry {i}", f"seq is {e['seq']}")
                self.damaged.add(i)
            if e and prev and e["time"] < prev:
                R.fail(f"entry {i}", f"time {e['time']} is earlier than its predecessor's {prev}")
                self.damaged.add(i)
            if e and e["time"] > limit:
                R.fail(f"entry {i}", f"time {e['time']} is more than 5 minutes after this computer's clock")
            prev = e["time"] if e else prev
        if len(R.problems) == problems:
            R.ok(f"{len(self.entries)} entries: seq equals index, times never go back nor lie in the future")
        self.chain = self.follow_chain()
        self.vkey = self.chain and self.choose_vkey()

    def check_tiles(self, raws):
        """Every stored tile and bundle agrees, item by item, with the tree recomputed from the
        entries; items beyond the checkpoint's size are an uncommitted tail (VERIFICATION.md §1)."""
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
                   f"interrupted, or newer entries whose checkpoint was removed; §7.7, VERIFICATION.md §1) in {', '.join(sorted(tail))}")

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

    def replay(self):
        """§7.2, §7.10: every entry in ledger order. First the log-level checks, whose failure is
        damage; then its type's rule (RULES) on the authority state the valid entries before it
        built. An invalid entry is a problem naming it, its type, its signer and what they
        lacked, and changes nothing; a valid one applies."""
        R, A, problems = self.R, self.authority, len(self.R.problems)
        for i, e in enumerate(self.entries):
            if e is None or i in self.damaged or i in self.bad_rotations:  # reported already
                A.skip()
                continue
            try:
                self.check_signature(i, e)
                A.admit(e)
            except Invalid as x:
                A.skip()
                self.invalid.append(i)
                who = f"the log key for {e['actor']}" if e["signer"] == "log" else e["signer"]
                R.fail(f"entry {i} ({e['type']}, signed by {who})", f"invalid: {x}; it changes nothing (§7.10)")
            except Bad as x:
                A.skip()
                R.fail(f"entry {i} ({e['type']})", str(x))
            else:
                if e["type"] not in RULES:
                    R.note(f"entry {i}: event type {e['type']} is not one §7.4 lists (a later version's); "
                           "it changes nothing this reader derives")
        types = [e and e["type"] for e in self.entries[:4]]
        if types != ["repository.created", "identity.registered", "recovery-slot.added", "policy.applied"]:
            R.fail("ledger", f"the first four entries are {types}, not as §7.4 requires")
        if len(R.problems) == problems:
            R.ok(f"{len(self.entries)} entries: signatures verify with their signers' registered keys (log-signed "
                 "ones with the log key in force before them), and every signer held the authority for its entry "
                 "(§7.10)")
        R.ok(f"authority replayed: {sum(1 for u in A.users.values() if u['registered'] is not None)} registered users, "
             f"{len(A.cases)} cases, {len(A.items)} items, policy " + ("in force" if A.policy else "none") +
             f"; {len(self.invalid)} invalid entries skipped")

    def check_signature(self, i, e):
        """§7.2, §7.10 log-level checks: a log-signed entry is of a type the log key signs and
        verifies with the key in force before it; a user-signed one has signer = actor and verifies
        with the signer's registered key (its own signingKey for a user's own identity.registered).
        A signature that fails with a key the state holds is damage (Bad); a signer with no such key,
        a signer that is not the actor, or a log signature on another type is invalid."""
        pub, signer = e.get("public", {}), e["signer"]
        own = e["type"] == "identity.registered" and pub.get("user") == signer
        if signer == "log":
            if e["type"] not in LOG_SIGNED:
                raise Invalid("it is signed by the log key, which signs only repository.created and log-key.rotated")
            key = self.key_at(i)["public"]
        elif signer != e["actor"]:
            raise Invalid(f"its signer is not its actor {e['actor']}")
        elif own:
            key = key32(pub, "signingKey")
        elif (self.users.get(signer) or {}).get("signing") is not None:
            key = self.users[signer]["signing"]
        else:
            raise Invalid("its signer has no key registered before it")
        if i < 8:
            self.R.explain(f"signing input of entry {i} starts", signing_input(e)[:60].decode().replace("\n", "\\n"))
        if not ed25519_ok(key, b64(e["signature"], "signature", 64), signing_input(e)):
            if own:  # the key it carries is not one the state holds yet
                raise Invalid("it does not verify with the signingKey it registers")
            raise Bad("signature does not verify with " +
                      ("the log key in force before it" if signer == "log" else "its signer's registered key"))

    # ---- §5: key files, and opening them
    def check_key_files(self):
        """§5, VERIFICATION.md §1 (4): key files are canonical and agree with their paths; every envelope the valid
        entries account for (§5.6) is present; identities and envelopes belong to users the ledger
        registered; audit-key (§5.5) and case-key envelopes are held only by those the ledger gave them to."""
        R, repo, cfg, A = self.R, self.repo, self.cfg, self.authority
        for name in repo.listdir("keys"):
            self.slots[name] = R.attempt(f"keys/{name}", read_key_file, repo, cfg, "keys", name, "recovery-slot",
                                         "slot", "slot", ["label", "created"])
        for name in repo.listdir("identities"):
            self.identities[name] = R.attempt(f"identities/{name}", read_key_file, repo, cfg, "identities", name,
                                              "identity", "user", "usr", ["login"])
        self.envelopes = read_envelopes(repo, cfg, R)
        if set(self.slots) != A.slots:
            R.note(f"keys/: slot files {sorted(self.slots)} are not the slots the ledger added and did not remove "
                   f"{sorted(A.slots)} (an interrupted key add/remove, or files of another state)")
        registered = {u for u, info in self.users.items() if info["registered"] is not None}
        for what in [f"identities/{u}" for u in self.identities] + list(self.envelopes):
            holder = what.split("/")[-1]
            if holder != "recovery" and holder not in registered:
                R.fail(what, "belongs to a user the ledger never registered")
        for u in sorted(registered - set(self.identities)):
            R.fail(f"identities/{u}", f"missing: entry {self.users[u]['registered']} registered this user")
        for path, seq in sorted(A.envelopes.items()):
            if not repo.exists(path):
                R.fail(path, f"missing: entry {seq} accounts for this envelope (§5.6) and no later entry removes it")
        stray = set()
        for what in self.envelopes:
            parts = what.split("/")
            if parts[0] == "audit" and what not in A.envelopes:
                R.fail(what, "an audit-key envelope no valid entry accounts for: planted (§5.5)")
            elif parts[0] == "cases" and parts[1] not in A.cases:
                stray.add(parts[1])
            elif parts[0] == "cases" and parts[-1] != "recovery" and what not in A.envelopes and \
                    parts[-1] not in A.cases[parts[1]]["holders"] and parts[-1] not in A.cases[parts[1]]["members"]:
                R.fail(what, "a case key held by a user the ledger never gave this case's keys to (VERIFICATION.md §1 (4))")
        for case in sorted(stray):
            R.note(f"cases/{case}/: keys of a case no valid entry created (an interrupted case create)")
        R.ok(f"{len(self.slots)} recovery slots, {len(self.identities)} identities, {len(self.envelopes)} envelopes "
             f"are canonical and agree with their paths; the {len(A.envelopes)} envelopes the ledger accounts for are present")

    def open_user(self):
        """§5.3: find the identity by login; its SHA-256 must be the digest the ledger recorded last
        for the user; open it, compare its keys with the ledger's; then open the user's keyring and
        case-key envelopes."""
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
        reg = self.users.get(uid)
        if reg is None or reg["registered"] is None:
            raise Bad(f"identities/{uid}: the ledger registered no such user")
        what, obj = f"identities/{uid}", self.identities[uid]
        if sha256(self.repo.read(what)).hex() != reg["identity"]:
            following = f"identities/.tmp-next-{uid}"
            if not (self.repo.exists(following) and sha256(self.repo.read(following)).hex() == reg["identity"]):
                raise Bad(f"{what}: its SHA-256 is not the identity digest entry {reg['identity_seq']} recorded last "
                          "for this user (an older copy put back?), and no .tmp-next file has it (§5.3)")
            R.note(f"{following} has the identity digest entry {reg['identity_seq']} recorded: a passphrase change "
                   "stopped before its rename (§5.3); evidence completes it, this reader writes nothing")
            what, obj = following, read_key_file(self.repo, cfg, "identities", uid, "identity", "user", "usr", ["login"],
                                                 file=following)
        plain = open_passphrase_box(obj, self.passphrase, ctx("evidence/v1/identity", cfg["repository"], uid),
                                    what, R, f"scrypt key of {self.user}'s identity box")
        if len(plain) != 64:
            raise Bad(f"{what}: plaintext of {len(plain)} bytes, not 64")
        sealing_pub, signing_pub = x25519_public(plain[:32]), ed25519_public(plain[32:])
        R.explain(f"{self.user}'s X25519 public key", b64e(sealing_pub))
        R.explain(f"{self.user}'s Ed25519 public key", b64e(signing_pub))
        if (reg["sealing"], reg["signing"]) != (sealing_pub, signing_pub):
            raise Bad(f"{what}: its keys are not those identity.registered registered (file replaced?)")
        R.ok(f"identity of {self.user} ({uid}) is the one entry {reg['identity_seq']} recorded and opens; its public "
             f"keys are those of identity.registered (entry {reg['registered']})")
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
                else:  # a case keyring: the case key and the class keys sealed to this holder
                    classes = parse_case_keyring(key, what)
                    R.explain("case id", subject)
                    R.explain("case key generation", gen)
                    R.explain(f"classes in {obj['holder']}'s case keyring", ", ".join(map(str, classes)))
                    R.explain("case key K0", classes[0])
                    if 1 in classes:  # the OFFICIAL class key, which seals the worked example's items
                        R.explain("OFFICIAL class key K1", classes[1])
                        R.explain("key id of K1", f"{(1 << 24) | gen:#010x}")
                        for name, k in case_subkeys(classes[1]).items():
                            R.explain({"naming": "naming key", "wrap": "data-key wrap key", "part": "part key"}[name], k)
                    table = self.case_keys.setdefault(subject, {})  # key id (class << 24 | generation) -> key
                    for cls, k in classes.items():
                        if table.setdefault((cls << 24) | gen, k) != k:
                            raise Bad(f"holds another class {cls} key than a different holder's envelope of this generation")
                    R.ok(f"{what} opens")
                    continue
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
                elif "case" in e:  # the part key of the class key the box header's key id names
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
        for name in REPEATED.get(t, ()) if sealed else ():  # authority decides with the public copy
            if sealed.get(name) != e["public"].get(name):
                raise Bad(f"the sealed part's {name} {sealed.get(name)!r} is not the public {e['public'].get(name)!r}")
        user = sealed and t == "identity.registered" and i not in self.invalid and self.users.get(e["public"]["user"])
        if user and (sorted(sealed.get("roles") or []), sealed.get("clearance")) != (sorted(user["roles"]), user["clearance"]):
            raise Bad(f"registers roles {sealed.get('roles')} and clearance {sealed.get('clearance')!r}, not the "
                      f"{user['roles']} and {user['clearance']!r} of its user.added (or of the first user)")
        changes = sealed.get("changes") if sealed and t == "item.amended" else None
        if isinstance(changes, dict) and any(m in changes and changes[m] != e.get("public", {}).get(m, changes[m])
                                             for m in ("classification", "sensitive")):
            raise Bad("its sealed changes give another classification or sensitivity than its public part")
        if audit and t == "case.created" and audit.get("recipients") != [h for h in e["public"]["keyHolders"] if h != "recovery"]:
            raise Bad("audit recipients are not the user ids among keyHolders")
        if sealed and t == "item.added" and sealed.get("kind") not in KINDS:
            raise Bad(f"kind {sealed.get('kind')!r} is not one of {sorted(KINDS)}")
        if audit and sealed and t == "item.amended" and audit.get("fields") != sorted(sealed.get("changes", {})):
            raise Bad("audit fields are not the sorted names of the sealed changes")

    # ---- §6, §7.3, §7.5, VERIFICATION.md §1 (2): items and objects
    def item_state(self, iid):
        """§7.5: the item.added sealed part with every later item.amended change applied in order; one
        who cannot open it starts from the newest reclassification's restated metadata they can open."""
        item = self.items[iid]
        meta, after = self.opened.get(item["seq"], {}).get("sealed"), -1
        if meta is None:
            for seq in item["amendments"]:
                restated = self.opened.get(seq, {}).get("sealed", {}).get("restated")
                if isinstance(restated, dict):
                    meta, after = restated, seq
        if meta is None:
            return None
        meta = dict(meta)
        for seq in item["amendments"]:
            if seq > after:
                meta.update(self.opened.get(seq, {}).get("sealed", {}).get("changes", {}))
        return meta

    def check_objects(self):
        """Every object of an item not disposed of (§7.4 Disposal: a disposed item's object is gone on
        purpose; a physical exhibit has none): its file's SHA-256 and size are the entry's; with the
        case key it is also decrypted and matched to the sealed part, its name and the commitment."""
        R, repo, decrypted, without_keys, referenced, disposed = self.R, self.repo, 0, 0, set(), set()
        superseded = {}
        for iid, item in self.items.items():
            case, obj = item["case"], item["object"]
            # After a reclassification the content is the re-sealed object, checked against the
            # restated metadata sealed with it under the same class (§7.4, VERIFICATION.md §1 item 2).
            seq = item["resealed"] if item["resealed"] is not None else item["seq"]
            if item["physical"]:
                continue
            rel = f"objects/{case}/{obj['name'][:2]}/{obj['name']}"
            if item["disposed"]:
                R.note(f"item {iid} (entry {seq}) was disposed of: its object is not looked for")
                disposed.add(rel)
                continue
            referenced.add(rel)
            for name in item["superseded"]:
                superseded[f"objects/{case}/{name[:2]}/{name}"] = iid
            where = f"item {iid} (entry {seq}, {rel})"
            if not repo.exists(rel):
                R.fail(where, "object file missing")
                continue
            data = repo.read(rel)
            if len(data) != obj["size"] or sha256(data).hex() != obj["ciphertextSha256"]:
                R.fail(where, f"object file of {len(data)} bytes, SHA-256 {sha256(data).hex()}; the entry records "
                              f"{obj['size']} bytes, {obj['ciphertextSha256']}")
            key_class = data[16] if len(data) >= 20 else None  # the key id's top byte (§5.6, §6)
            rank = CLASSIFICATIONS.index(item["classification"]) if item["classification"] in CLASSIFICATIONS else 0
            if key_class is not None and key_class != 1 + 2 * rank + (1 if item["sensitive"] else 0):
                R.fail(where, f"the object is sealed under a class {key_class} key, not the key of the item's class "
                              f"({item['classification']}{', sensitive' if item['sensitive'] else ''})")
            sealed, keys = self.opened.get(seq, {}).get("sealed"), self.case_keys.get(case)
            if sealed is not None and item["resealed"] is not None:
                sealed = sealed.get("restated") if isinstance(sealed.get("restated"), dict) else None
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
                if dup is not None and (self.items.get(dup, {}).get("case"), self.items.get(dup, {}).get("added_object")) != (case, item["added_object"]):
                    raise Bad(f"duplicateOf {dup} is not an earlier item of this case with the same object")
                R.explain(f"SHA-256 of {sealed.get('name')}", digest.hex())
                if explain:
                    R.explain("commitment = SHA-256(salt ‖ SHA-256)", item["commitment"])
                decrypted += 1
            except Bad as e:
                R.fail(where, str(e))
        physical = sum(1 for item in self.items.values() if item["physical"])
        R.ok(f"{len(self.items)} items: {decrypted} objects decrypted and matched to their sealed part, "
             f"{without_keys} checked by ciphertext SHA-256 and size only, {len(disposed)} disposed of, "
             f"{physical} physical exhibits without an object")
        for case in repo.listdir("objects"):
            for xx in repo.listdir(f"objects/{case}"):
                for name in repo.listdir(f"objects/{case}/{xx}"):
                    rel = f"objects/{case}/{xx}/{name}"
                    if rel in disposed and rel not in referenced:
                        R.note(f"{rel}: only disposed items reference this object, which is still present "
                               "(an interrupted disposal, §7.4)")
                    elif rel in superseded and rel not in referenced:
                        R.note(f"{rel}: item {superseded[rel]} had this object before it was re-sealed under its new "
                               "class; it is still present (an interrupted reclassification, §7.4)")
                    elif rel not in referenced:
                        R.note(f"{rel}: no valid committed entry references this object")


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
