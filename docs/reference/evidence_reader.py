#!/usr/bin/env python3
"""An independent reader and verifier for evidence repositories, format version 1.

Written from docs/FORMAT.md (cited as §n) and the C2SP specs it cites (tlog-tiles,
tlog-checkpoint, signed-note) only, as a check that the document is precise enough.

  evidence_reader.py verify REPO [--user NAME --passphrase-file F]
                                 [--recovery-passphrase-file F] [--verifier-key VKEY] [--explain]
  evidence_reader.py dump REPO --user NAME --passphrase-file F [--recovery-passphrase-file F]

Exit status: 0 when every check holds, 65 when any fails, 64 for a usage error.
Needs Python 3.11 and the `cryptography` package.
"""
import argparse, base64, binascii, hashlib, hmac, json, os, re, struct, sys, unicodedata, zlib
from datetime import datetime

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

EX_OK, EX_USAGE, EX_DATAERR = 0, 64, 65


class Bad(Exception):
    """Something that does not follow FORMAT.md."""


class Report:
    """Collects checks, problems and notes; prints them as it goes."""

    def __init__(self, explain=False, out=sys.stdout):
        self.explaining, self.out = explain, out
        self.problems, self.notes, self.passed = [], [], 0

    def ok(self, text):
        self.passed += 1
        print(f"ok       {text}", file=self.out)

    def fail(self, where, text):
        self.problems.append(f"{where}: {text}")
        print(f"PROBLEM  {where}: {text}", file=self.out)

    def note(self, text):
        self.notes.append(text)
        print(f"note     {text}", file=self.out)

    def explain(self, label, value):
        if self.explaining:
            if isinstance(value, (bytes, bytearray)):
                value = value.hex()
            print(f"explain  {label}: {value}", file=self.out)

    def attempt(self, where, fn, *a):
        """Run fn; a Bad becomes a reported problem and None."""
        try:
            return fn(*a)
        except Bad as e:
            self.fail(where, str(e))
            return None


# ---------------------------------------------------------------- §1 Conventions

CROCKFORD = "[0-9A-HJKMNP-TV-Z]"
TIME_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
NAME_RE = re.compile(r"[a-z][a-z0-9._-]{0,63}")
HEX64_RE = re.compile(r"[0-9a-f]{64}")
MAX_INT = 2**53 - 1


def check_id(value, prefix, what):
    """§1 Ids: prefix, '_', 26 Crockford base32 characters, the first 0-7."""
    if not (isinstance(value, str) and re.fullmatch(f"{prefix}_[0-7]{CROCKFORD}{{25}}", value)):
        raise Bad(f"{what}: not a {prefix}_ id: {value!r}")
    return value


def check_time(value, what):
    """§1 Times: exactly YYYY-MM-DDTHH:MM:SS.mmmZ, a real date."""
    try:
        if not (isinstance(value, str) and TIME_RE.fullmatch(value)):
            raise ValueError
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        raise Bad(f"{what}: not a time: {value!r}") from None
    return value


def b64(text, what, length=None):
    """§1 Base64: standard alphabet, padded, canonical (re-encoding gives the same text)."""
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


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def canonical_json(value):
    """§1 JSON: RFC 8785 restricted to objects, arrays, strings, booleans, null and integers."""
    if value is None:
        return b"null"
    if value is True or value is False:
        return b"true" if value else b"false"
    if isinstance(value, int):
        return str(value).encode()
    if isinstance(value, str):
        s = "".join(_ESCAPES.get(c) or (f"\\u{ord(c):04x}" if ord(c) < 0x20 else c) for c in value)
        try:
            return b'"' + s.encode("utf-8") + b'"'
        except UnicodeEncodeError:
            raise Bad("unpaired surrogate in a string") from None
    if isinstance(value, list):
        return b"[" + b",".join(canonical_json(v) for v in value) + b"]"
    if isinstance(value, dict):  # members sorted by UTF-16 code units of their names
        names = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return b"{" + b",".join(canonical_json(k) + b":" + canonical_json(value[k]) for k in names) + b"}"
    raise Bad(f"value outside the JSON data model: {value!r}")


def parse_json(data, what, canonical=True):
    """§1: reject invalid UTF-8, duplicate names, non-integers, unpaired surrogates and,
    for canonical structures, any bytes that are not the canonical encoding of the value."""
    def pairs(kv):
        obj = {}
        for k, v in kv:
            if k in obj:
                raise Bad(f"{what}: duplicate member {k!r}")
            obj[k] = v
        return obj

    def integer(text):
        if abs(int(text)) > MAX_INT:
            raise Bad(f"{what}: integer {text} outside ±(2^53 − 1)")
        return int(text)

    def no_float(text):
        raise Bad(f"{what}: non-integer number {text}")

    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=pairs, parse_int=integer,
                           parse_float=no_float, parse_constant=no_float)
    except UnicodeDecodeError:
        raise Bad(f"{what}: invalid UTF-8") from None
    except json.JSONDecodeError as e:
        raise Bad(f"{what}: not JSON ({e})") from None
    try:
        encoded = canonical_json(value)
    except Bad as e:
        raise Bad(f"{what}: {e}") from None
    if canonical and encoded != data:
        raise Bad(f"{what}: not in canonical form (RFC 8785, §1)")
    return value


def members(obj, what, required, optional=(), kind=None):
    """Exactly these members; with kind, §1's @evidence/@version magic."""
    if not isinstance(obj, dict):
        raise Bad(f"{what}: not a JSON object")
    missing = [m for m in required if m not in obj]
    extra = sorted(set(obj) - set(required) - set(optional))
    if missing or extra:
        raise Bad(f"{what}: " + "; ".join(filter(None, [missing and f"missing {missing}", extra and f"unknown {extra}"])))
    if kind is not None and (obj["@evidence"] != kind or obj["@version"] != 1 or type(obj["@version"]) is not int):
        raise Bad(f"{what}: @evidence/@version are {obj['@evidence']!r}/{obj['@version']!r}, expected {kind!r}/1")
    return obj


def typed(obj, name, kind, what):
    v = obj.get(name)
    good = {"str": isinstance(v, str), "int": type(v) is int, "bool": type(v) is bool,
            "obj": isinstance(v, dict), "list": isinstance(v, list)}[kind]
    if not good:
        raise Bad(f"{what}: member {name!r} is not a {kind}")
    return v


# ---------------------------------------------------------------- §2 Cryptographic primitives

def sha256(data):
    return hashlib.sha256(data).digest()


def hkdf(ikm, salt, info):
    """§2: HKDF-SHA256 (RFC 5869), 32 bytes. An empty HMAC key equals 32 zero bytes."""
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def aes_open(key, nonce, ciphertext, aad, what):
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise Bad(f"{what}: AES-GCM authentication failed (wrong key, or damaged)") from None


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
    """A context string: its parts joined by \\0 (§2.1)."""
    return b"\0".join(p.encode() if isinstance(p, str) else p for p in parts)


def parse_box(raw, algorithm, what):
    """§2.1 sealed box: 'EVSB', 0x01, algorithm, then E (0x01) or generation (0x02), nonce, ct."""
    head = 50 if algorithm == 1 else 22
    if len(raw) < head + 16 or raw[:4] != b"EVSB" or raw[4] != 1:
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
    except ValueError:
        s = bytes(32)
    if s == bytes(32):
        raise Bad(f"{what}: all-zero X25519 shared secret")
    key = hkdf(s, box["E"] + x25519_public(private), b"evidence/v1/seal/x25519")
    return aes_open(key, box["nonce"], box["ct"], box["header"] + context, what)


def open_box_under(box, key, context, what):
    """§2.1 algorithm 0x02: AES-256-GCM under K, additional data = header ‖ C."""
    return aes_open(key, box["nonce"], box["ct"], box["header"] + context, what)


def read_passphrase(path):
    """§2.2: a passphrase file contributes its first line, without \\n or \\r\\n."""
    line = open(path, "rb").read().decode("utf-8").split("\n", 1)[0]
    return line[:-1] if line.endswith("\r") else line


def passphrase_key(kdf, passphrase, what):
    """§2.2: scrypt(NFC(P), salt, 2^logN, r, p), parameters bounded before running scrypt."""
    members(kdf, what + " kdf", ["logN", "name", "p", "r", "salt"])
    logn, r, p = (typed(kdf, m, "int", what + " kdf") for m in ("logN", "r", "p"))
    if kdf["name"] != "scrypt" or not (10 <= logn <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise Bad(f"{what}: kdf parameters out of range: {kdf}")
    salt = b64(kdf["salt"], what + " kdf salt", 16)
    n = 1 << logn
    return hashlib.scrypt(unicodedata.normalize("NFC", passphrase).encode(), salt=salt, n=n, r=r, p=p,
                          maxmem=128 * r * (n + p + 2) + (1 << 20), dklen=32)


def open_passphrase_box(obj, passphrase, context, what, R, label):
    key = passphrase_key(obj["kdf"], passphrase, what)
    R.explain(label, key)
    box = parse_box(b64(obj["sealed"], what + " sealed"), 2, what)
    if box["generation"] != 0:
        raise Bad(f"{what}: passphrase box generation {box['generation']}, expected 0")
    try:
        return open_box_under(box, key, context, what)
    except Bad:
        raise Bad(f"{what}: the passphrase does not open it") from None


# ---------------------------------------------------------------- §3 Layout

class Repo:
    def __init__(self, root):
        self.root = root

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def read(self, *parts):
        with open(self.path(*parts), "rb") as f:
            return f.read()

    def exists(self, *parts):
        return os.path.isfile(self.path(*parts))

    def listdir(self, *parts):
        """Directory entries, without the .tmp- files of interrupted writes (§3)."""
        p = self.path(*parts)
        return sorted(n for n in os.listdir(p) if not n.startswith(".tmp-")) if os.path.isdir(p) else []


# ---------------------------------------------------------------- §4 config

def read_config(repo):
    cfg = parse_json(repo.read("config"), "config")
    members(cfg, "config", ["@evidence", "@version", "repository", "origin", "created", "chunkSize"], kind="repository")
    check_id(cfg["repository"], "repo", "config repository")
    check_time(cfg["created"], "config created")
    if not re.fullmatch(r"[a-z0-9._-]*/evidence/" + re.escape(cfg["repository"]), typed(cfg, "origin", "str", "config")):
        raise Bad(f"config: origin {cfg['origin']!r} is not <host>/evidence/<repository id>")
    if not 4096 <= typed(cfg, "chunkSize", "int", "config") <= 16777216:
        raise Bad(f"config: chunkSize {cfg['chunkSize']} outside 4096..16777216")
    return cfg


# ---------------------------------------------------------------- §5 Keys

def read_slot(repo, cfg, slot):
    """§5.1 keys/<slot id>."""
    what = f"keys/{slot}"
    obj = parse_json(repo.read("keys", slot), what)
    members(obj, what, ["@evidence", "@version", "repository", "slot", "label", "created", "kdf", "sealed"], kind="recovery-slot")
    if obj["repository"] != cfg["repository"] or obj["slot"] != check_id(slot, "slot", what):
        raise Bad(f"{what}: repository/slot members disagree with the repository and file name")
    check_time(obj["created"], what + " created")
    typed(obj, "label", "str", what)
    return obj


def read_identity(repo, cfg, uid):
    """§5.3 identities/<user id>."""
    what = f"identities/{uid}"
    obj = parse_json(repo.read("identities", uid), what)
    members(obj, what, ["@evidence", "@version", "repository", "user", "login", "kdf", "sealed"], kind="identity")
    if obj["repository"] != cfg["repository"] or obj["user"] != check_id(uid, "usr", what):
        raise Bad(f"{what}: repository/user members disagree with the repository and file name")
    hexbytes(obj["login"], what + " login")
    return obj


def login_of(cfg, name):
    """§5.3: login = hex(SHA-256("evidence/v1/login" ‖ \\0 ‖ repository id ‖ \\0 ‖ user name))."""
    return sha256(ctx("evidence/v1/login", cfg["repository"], name)).hex()


def envelope_files(repo):
    """§3/§5.4: every (path parts, purpose, subject) of keyring/, audit/ and cases/*/keys/."""
    found = []
    for purpose, base in (("repository-keyring", ("keyring",)), ("audit-key", ("audit",))):
        for g in repo.listdir(*base):
            found += [((*base, g, h), purpose, None) for h in repo.listdir(*base, g)]
    for case in repo.listdir("cases"):
        for g in repo.listdir("cases", case, "keys"):
            found += [(("cases", case, "keys", g, h), "case-key", case) for h in repo.listdir("cases", case, "keys", g)]
    return found


def read_envelope(repo, cfg, parts, purpose, case):
    """§5.4: canonical key-envelope whose members agree with its path."""
    what = "/".join(parts)
    obj = parse_json(repo.read(*parts), what)
    members(obj, what, ["@evidence", "@version", "repository", "purpose", "subject", "generation", "holder", "sealed"], kind="key-envelope")
    gen, holder = parts[-2], parts[-1]
    if not re.fullmatch(r"[1-9][0-9]*", gen):
        raise Bad(f"{what}: generation folder {gen!r} is not an integer ≥ 1")
    if holder != "recovery":
        check_id(holder, "usr", what + " holder")
    subject = case if case is not None else cfg["repository"]
    if case is not None:
        check_id(case, "case", what)
    if (obj["repository"], obj["purpose"], obj["subject"], obj["generation"], obj["holder"]) != \
            (cfg["repository"], purpose, subject, int(gen), holder):
        raise Bad(f"{what}: members disagree with the file's path")
    parse_box(b64(obj["sealed"], what + " sealed"), 1, what)
    return obj


def open_envelope(obj, private, what):
    """§5.4: the box's context is key-envelope ‖ repository ‖ purpose ‖ subject ‖ generation ‖ holder."""
    c = ctx("evidence/v1/key-envelope", obj["repository"], obj["purpose"], obj["subject"], str(obj["generation"]), obj["holder"])
    return open_box_to(parse_box(b64(obj["sealed"], what), 1, what), private, c, what)


def case_subkeys(k):
    """§5.6: the three keys derived from a case key K."""
    return {"naming": hkdf(k, b"", b"evidence/v1/case/object-naming"),
            "wrap": hkdf(k, b"", b"evidence/v1/case/data-key-wrap"),
            "part": hkdf(k, b"", b"evidence/v1/case/ledger-part")}


# ---------------------------------------------------------------- §6 Objects

def decrypt_object(data, case, chunk_size, wrap_keys, R, explain=False):
    """§6: header, data key, chunk records with the final flag; returns (plaintext sha256, size)."""
    if len(data) < 80 or data[:8] != b"EVIDOBJ\0":
        raise Bad("not an object (magic)")
    version, hlen, csize, gen = struct.unpack(">HHII", data[8:20])
    if version != 1 or hlen != 80:
        raise Bad(f"object version {version} / header length {hlen}, expected 1 / 80")
    if not 4096 <= csize <= 16777216:
        raise Bad(f"object chunk size {csize} outside 4096..16777216")
    if csize != chunk_size:
        raise Bad(f"object chunk size {csize} is not the repository's chunkSize {chunk_size}")
    if gen not in wrap_keys:
        raise Bad(f"object sealed under case key generation {gen}, which is not held")
    data_key = aes_open(wrap_keys[gen], data[20:32], data[32:80], data[:32] + case.encode(), "object data key")
    if explain:
        R.explain("object header bytes 0..<32", data[:32])
        R.explain("data key", data_key)
    digest, size, index, pos = hashlib.sha256(), 0, 0, 80
    while True:
        if len(data) - pos < 4:
            raise Bad(f"chunk {index}: truncated record length" if pos < len(data) else "no final chunk record")
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        if not 17 <= length <= csize + 17 or pos + 4 + length > len(data):
            raise Bad(f"chunk {index}: record length {length} invalid or past the end of the file")
        final = pos + 4 + length == len(data)  # final iff the record ends exactly at the end of the file
        nonce = b"\0\0\0\0" + struct.pack(">Q", index)
        aad = b"EVIDOBJ\0" + b"\x00\x01" + struct.pack(">Q", index) + (b"\x01" if final else b"\x00")
        plain = aes_open(data_key, nonce, data[pos + 4:pos + 4 + length], aad, f"chunk {index}")
        if explain and index == 0:
            R.explain("chunk 0 record length L", length)
            R.explain("chunk 0 nonce", nonce)
            R.explain("chunk 0 additional data", aad)
            R.explain("chunk 0 encoding byte", f"0x{plain[0]:02x}")
        if plain[0] == 0:
            chunk = plain[1:]
        elif plain[0] == 1:
            z = zlib.decompressobj()
            try:
                chunk = z.decompress(plain[1:], csize)
            except zlib.error as e:
                raise Bad(f"chunk {index}: bad zlib data ({e})") from None
            if z.unconsumed_tail or not z.eof or z.unused_data:
                raise Bad(f"chunk {index}: zlib data inflates past the chunk size or has trailing bytes")
        else:
            raise Bad(f"chunk {index}: unknown encoding byte {plain[0]}")
        if not final and len(chunk) != csize:
            raise Bad(f"chunk {index}: non-final chunk of {len(chunk)} bytes, not {csize}")
        if final and len(chunk) == 0 and index > 0:
            raise Bad(f"chunk {index}: empty final chunk after other chunks")
        digest.update(chunk)
        size += len(chunk)
        pos += 4 + length
        index += 1
        if final:
            return digest.digest(), size


# ---------------------------------------------------------------- §7 The ledger

def leaf_hash(entry):
    return sha256(b"\x00" + entry)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def merkle_root(hashes):
    """RFC 6962 §2.1 Merkle tree hash over leaf hashes; the empty tree hashes to SHA-256("")."""
    if not hashes:
        return sha256(b"")
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)  # largest power of two < n
    return node_hash(merkle_root(hashes[:k]), merkle_root(hashes[k:]))


def tile_levels(leaves):
    """§7.1: level L holds size // 256^L hashes, each the tree hash of a full tile of level L−1."""
    levels = [leaves]
    while len(levels[-1]) >= 256:
        below = levels[-1]
        levels.append([merkle_root(below[i * 256:(i + 1) * 256]) for i in range(len(below) // 256)])
    return levels


def index_path(n):
    """§7.1: zero-padded 3-digit path elements, all but the last prefixed with x."""
    parts = []
    while True:
        parts.append(f"{n % 1000:03d}")
        n //= 1000
        if n == 0:
            break
    parts.reverse()
    return "/".join(["x" + p for p in parts[:-1]] + [parts[-1]])


def tile_path(level, n, width=None):
    return f"ledger/tile/{level}/{index_path(n)}" + (f".p/{width}" if width else "")


def parse_tile_path(rel):
    """Inverse of tile_path for a path below ledger/tile/: (level, index, width) or None."""
    m = re.fullmatch(r"(entries|0|[1-9][0-9]?)/((?:x\d{3}/)*)(\d{3})(?:\.p/([1-9]\d*))?", rel)
    if not m:
        return None
    level = m[1] if m[1] == "entries" else int(m[1])
    n = int("".join(re.findall(r"\d{3}", m[2])) + m[3])
    width = int(m[4]) if m[4] else None
    if (width is not None and width > 255) or tile_path(level, n, width) != "ledger/tile/" + rel:
        return None
    return level, n, width


def parse_bundle(data, count, what):
    """§7.1 entry bundle: exactly `count` entries, each u16 BE length (1-65535) then its bytes."""
    entries, pos = [], 0
    while pos < len(data):
        if pos + 2 > len(data):
            raise Bad(f"{what}: truncated length prefix")
        (n,) = struct.unpack(">H", data[pos:pos + 2])
        if n == 0 or pos + 2 + n > len(data):
            raise Bad(f"{what}: entry {len(entries)} has length {n}, past the end or zero")
        entries.append(data[pos + 2:pos + 2 + n])
        pos += 2 + n
    if len(entries) != count:
        raise Bad(f"{what}: {len(entries)} entries, expected {count}")
    return entries


def read_tile(repo, level, n, width, what_count):
    """A tile or bundle of `width` items; a missing partial falls back to the full tile (§7.1)."""
    for w, take in ((width, width), (None, width)) if width < 256 else ((None, 256),):
        rel = tile_path(level, n, w if w else None)
        if repo.exists(rel):
            data = repo.read(rel)
            if level == "entries":
                return parse_bundle(data, 256 if w is None else w, rel)[:take], rel
            if len(data) != 32 * (256 if w is None else w):
                raise Bad(f"{rel}: {len(data)} bytes, expected {32 * (256 if w is None else w)}")
            return [data[i:i + 32] for i in range(0, 32 * take, 32)], rel
    raise Bad(f"{tile_path(level, n, width if width < 256 else None)}: missing (and no full tile to fall back on)")


def parse_vkey(text):
    """signed-note verifier key <name>+<hex key id>+<base64(0x01 ‖ public key)>, key id rule of §7.6."""
    parts = text.strip().split("+")
    if len(parts) != 3 or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        raise Bad(f"verifier key {text!r}: not <name>+<key id>+<key>")
    raw = b64(parts[2], "verifier key", 33)
    if raw[0] != 1:
        raise Bad("verifier key: not an Ed25519 (0x01) key")
    key_id = sha256(parts[0].encode() + b"\n\x01" + raw[1:])[:4]
    if key_id.hex() != parts[1]:
        raise Bad(f"verifier key: key id {parts[1]} is not SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4] = {key_id.hex()}")
    return {"name": parts[0], "id": key_id, "public": raw[1:], "text": text.strip()}


def parse_checkpoint(data, what):
    """§7.6 / tlog-checkpoint / signed-note: origin, size, root; blank line; signature lines."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Bad(f"{what}: invalid UTF-8") from None
    if re.search(r"[\x00-\x09\x0b-\x1f]", text) or not text.endswith("\n") or "\n\n" not in text:
        raise Bad(f"{what}: not a signed note")
    cut = text.rindex("\n\n")
    body, sig_lines = text[:cut + 1], text[cut + 2:].split("\n")[:-1]
    lines = body.split("\n")[:-1]
    if len(lines) != 3:
        raise Bad(f"{what}: {len(lines)} body lines; a checkpoint has exactly origin, size, root (§7.6)")
    if not re.fullmatch(r"0|[1-9][0-9]*", lines[1]):
        raise Bad(f"{what}: tree size {lines[1]!r} is not decimal")
    sigs = []
    for line in sig_lines or [""]:
        m = re.fullmatch(r"\u2014 ([^\s+]+) (\S+)", line)
        raw = b64(m[2], f"{what} signature") if m else b""
        if not m or len(raw) < 5:
            raise Bad(f"{what}: malformed signature line {line!r}")
        sigs.append((m[1], raw[:4], raw[4:]))
    return {"origin": lines[0], "size": int(lines[1]), "root": b64(lines[2], f"{what} root", 32),
            "body": body.encode(), "sigs": sigs}


def verify_note(cp, vkey, what):
    """signed-note: ignore unknown keys; every signature by the known key (name and id) must
    verify, and at least one must exist."""
    known = [(k, s) for (n, k, s) in cp["sigs"] if n == vkey["name"] and k == vkey["id"]]
    if not known:
        raise Bad(f"{what}: no signature by the log key {vkey['name']}+{vkey['id'].hex()}")
    for _, sig in known:
        if len(sig) != 64 or not ed25519_ok(vkey["public"], sig, cp["body"]):
            raise Bad(f"{what}: the log key's signature does not verify")


ENTRY_REQUIRED = ["@evidence", "@version", "seq", "time", "type", "actor", "tool", "signer", "signature"]
ENTRY_OPTIONAL = ["case", "item", "object", "commitment", "public", "audit", "sealed"]
PUBLIC_MEMBERS = {  # §7.4: members evidence writes in `public` (readers ignore others)
    "repository.created": {"repository": "str", "origin": "str", "logKey": "str", "auditKey": "str",
                           "recoveryKey": "str", "keyringGeneration": "int"},
    "identity.registered": {"user": "str", "sealingKey": "str", "signingKey": "str", "keyringGeneration": "int"},
    "recovery-slot.added": {"slot": "str"}, "recovery-slot.removed": {"slot": "str"},
    "identity.passphrase-changed": {"user": "str"},
    "case.created": {"keyGeneration": "int", "keyHolders": "list"},
    "verification.run": {"outcome": "str", "treeSize": "int", "items": "int", "objectsDecrypted": "int",
                         "objectsWithoutKeys": "int", "problems": "int"},
    "ledger.tail-dropped": {"dropped": "int", "from": "int"},
}
CASE_TYPES = {"case.created", "item.added", "item.read", "item.amended"}
ITEM_TYPES = {"item.added", "item.read", "item.amended"}


def decode_entry(raw, seq):
    """§7.2: canonical JSON, only the listed members, well-formed values."""
    what = f"entry {seq}"
    e = parse_json(raw, what)
    members(e, what, ENTRY_REQUIRED, ENTRY_OPTIONAL, kind="ledger-entry")
    typed(e, "seq", "int", what), typed(e, "type", "str", what), typed(e, "tool", "str", what)
    check_time(e["time"], what + " time")
    if e["signer"] != "log":
        check_id(e["signer"], "usr", what + " signer")
    check_id(e["actor"], "usr", what + " actor")
    b64(e["signature"], what + " signature", 64)
    if "case" in e or e["type"] in CASE_TYPES:
        check_id(e.get("case"), "case", what + " case")
    if "item" in e or e["type"] in ITEM_TYPES:
        check_id(e.get("item"), "itm", what + " item")
    if "object" in e or "commitment" in e or e["type"] == "item.added":
        o = members(typed(e, "object", "obj", what), what + " object", ["ciphertextSha256", "name", "size"])
        hexbytes(o["ciphertextSha256"], what + " object.ciphertextSha256"), hexbytes(o["name"], what + " object.name")
        typed(o, "size", "int", what + " object")
        hexbytes(e.get("commitment"), what + " commitment")
    if "public" in e or e["type"] in PUBLIC_MEMBERS:
        pub = typed(e, "public", "obj", what)
        for name, kind in PUBLIC_MEMBERS.get(e["type"], {}).items():
            typed(pub, name, kind, what + " public")
    if "audit" in e:
        parse_box(b64(e["audit"], what + " audit"), 1, what + " audit")
    if "sealed" in e:
        parse_box(b64(e["sealed"], what + " sealed"), 2, what + " sealed")
    return e


def signing_input(e):
    """§7.2: "evidence/v1/ledger-entry\\n" ‖ canonical JSON of the entry without `signature`."""
    return b"evidence/v1/ledger-entry\n" + canonical_json({k: v for k, v in e.items() if k != "signature"})


def part_context(cfg, seq, part):
    """§7.2: the context of an entry's sealed and audit parts."""
    return ctx("evidence/v1/ledger-entry", cfg["repository"], str(seq), part)


# ---------------------------------------------------------------- the reader

class Reader:
    def __init__(self, root, R, user=None, passphrase=None, recovery=None, vkey_text=None):
        self.repo, self.R = Repo(root), R
        self.user, self.passphrase, self.recovery, self.vkey_text = user, passphrase, recovery, vkey_text
        self.entries, self.users, self.cases, self.items = [], {}, {}, {}
        self.keyring = {}       # keyring generation -> (log seed, repository key)
        self.case_keys = {}     # case id -> {generation: K}
        self.audit_private = None
        self.opened = {}        # seq -> {"sealed": ..., "audit": ...}
        self.uid = None

    # ---- §4, §7: config and the ledger
    def read_ledger(self):
        R, repo = self.R, self.repo
        self.cfg = cfg = read_config(repo)
        R.ok(f"config: repository {cfg['repository']}, origin {cfg['origin']}, chunkSize {cfg['chunkSize']}")
        R.explain("repository id", cfg["repository"])
        R.explain("origin", cfg["origin"])
        cp = parse_checkpoint(repo.read("ledger/checkpoint"), "ledger/checkpoint")
        if cp["origin"] != cfg["origin"]:
            raise Bad(f"ledger/checkpoint: origin {cp['origin']!r} is not the config's")
        size = self.size = cp["size"]
        raws = []
        for k in range((size + 255) // 256):  # §7.1 entry i is entry i mod 256 of bundle i div 256
            width = min(256, size - 256 * k)
            got, rel = read_tile(repo, "entries", k, width, None)
            raws += got
        self.leaves = [leaf_hash(r) for r in raws]
        for i, h in enumerate(self.leaves):
            R.explain(f"leaf hash of entry {i}", h)
        self.levels = tile_levels(self.leaves)
        root = merkle_root(self.leaves)
        R.explain("tree size", size)
        R.explain("root hash (base64, as in the checkpoint)", b64e(root))
        self.check_tiles(raws)
        for i, raw in enumerate(raws):
            e = R.attempt(f"entry {i}", decode_entry, raw, i)
            self.entries.append(e)
        self.check_entry_order()
        self.vkey = self.choose_vkey()
        if self.vkey is None:
            return
        # §7.6: ledger/checkpoint and every archived checkpoint verify and match the recomputed roots
        try:
            verify_note(cp, self.vkey, "ledger/checkpoint")
            if cp["root"] != root:
                raise Bad(f"ledger/checkpoint: signed root {b64e(cp['root'])} is not the recomputed root {b64e(root)}")
            R.ok(f"ledger/checkpoint: signed by the log key, tree size {size}, root {b64e(root)} recomputed")
        except Bad as e:
            R.fail("ledger/checkpoint", str(e))
        archived = [n for n in repo.listdir("ledger", "checkpoints")]
        good = 0
        for name in archived:
            what = f"ledger/checkpoints/{name}"
            try:
                a = parse_checkpoint(repo.read(what), what)
                verify_note(a, self.vkey, what)
                if str(a["size"]) != name or a["origin"] != cfg["origin"]:
                    raise Bad(f"size {a['size']} / origin do not match the file name / config")
                if a["size"] > size:
                    raise Bad(f"larger than ledger/checkpoint ({size}): newest checkpoint rolled back?")
                if a["root"] != merkle_root(self.leaves[:a["size"]]):
                    raise Bad(f"root is not the recomputed root of the first {a['size']} entries")
                good += 1
            except Bad as e:
                R.fail(what, str(e))
        if str(size) not in archived:
            R.note(f"ledger/checkpoints/{size} is missing (the next writer restores it, §7.7)")
        R.ok(f"{good} of {len(archived)} archived checkpoints verify and match the recomputed roots")

    def check_tiles(self, raws):
        """§7.1: every stored tile and bundle equals the one recomputed from the entries."""
        R, repo, levels, size = self.R, self.repo, self.levels, self.size
        for level, hashes in enumerate(levels):  # the tiles the checkpoint's tree requires
            for n in range((len(hashes) + 255) // 256):
                width = min(256, len(hashes) - 256 * n)
                got = R.attempt("tiles", read_tile, repo, level, n, width, None)
                if got and got[0] != hashes[256 * n:256 * n + width]:
                    R.fail(got[1], f"level-{level} tile {n} differs from the one recomputed from the entries")
        stored, tail = 0, []
        base = repo.path("ledger", "tile")
        for d, _, files in os.walk(base):
            for f in files:
                rel = os.path.relpath(os.path.join(d, f), base).replace(os.sep, "/")
                if f.startswith(".tmp-"):
                    continue
                parsed = parse_tile_path(rel)
                if parsed is None:
                    R.note(f"ledger/tile/{rel}: not a tile path; ignored")
                    continue
                level, n, width = parsed
                count = width or 256
                have = raws if level == "entries" else (levels[level] if level < len(levels) else [])
                if 256 * n + count > len(have):
                    tail.append("ledger/tile/" + rel)  # beyond the checkpoint: uncommitted tail
                    continue
                stored += 1
                data = repo.read("ledger/tile", rel)
                if level == "entries":
                    want = b"".join(struct.pack(">H", len(r)) + r for r in raws[256 * n:256 * n + count])
                else:
                    want = b"".join(have[256 * n:256 * n + count])
                if data != want:
                    R.fail("ledger/tile/" + rel, "differs from the tile recomputed from the entries")
        R.ok(f"{stored} stored tiles and bundles within the tree checked against the recomputed ones")
        if tail:
            R.note(f"uncommitted tail beyond tree size {size} (not a failure, §8.1): {', '.join(sorted(tail))}")

    def check_entry_order(self):
        """§7.2/§8.1: seq equals the index; time never earlier than the predecessor's."""
        prev, bad = None, 0
        for i, e in enumerate(self.entries):
            if e is None:
                continue
            if e["seq"] != i:
                self.R.fail(f"entry {i}", f"seq is {e['seq']}")
                bad += 1
            if prev is not None and e["time"] < prev:
                self.R.fail(f"entry {i}", f"time {e['time']} is earlier than its predecessor's {prev}")
                bad += 1
            prev = e["time"]
        if not bad:
            self.R.ok(f"{len(self.entries)} entries: seq equals index, times never go back")

    def choose_vkey(self):
        """§7.6: the verifier key given by the auditor; else the one entry 0 announces."""
        e0 = self.entries[0] if self.entries else None
        if e0 is None or e0["type"] != "repository.created" or e0["signer"] != "log":
            self.R.fail("entry 0", "is not a repository.created entry signed by the log")
            announced = None
        else:
            announced = e0["public"]["logKey"]
            pub = e0["public"]
            if pub["repository"] != self.cfg["repository"] or pub["origin"] != self.cfg["origin"]:
                self.R.fail("entry 0", "public repository/origin differ from config")
        text = self.vkey_text or announced
        if text is None:
            return None
        try:
            vkey = parse_vkey(text)
            if vkey["name"] != self.cfg["origin"]:
                raise Bad(f"verifier key name {vkey['name']!r} is not the origin")
        except Bad as e:
            self.R.fail("verifier key", str(e))
            return None
        if self.vkey_text and announced and announced.strip() != vkey["text"]:
            self.R.fail("entry 0", f"announces log key {announced}, not the given verifier key")
        self.R.ok("verifier key: " + ("given by the auditor" if self.vkey_text else "announced by entry 0 (trust on first use)"))
        self.R.explain("log public key", b64e(vkey["public"]))
        self.R.explain("log verifier key", vkey["text"])
        return vkey

    # ---- §7.2, §7.4: signatures and state
    def check_signatures(self):
        bad = 0
        for i, e in enumerate(self.entries):
            if e is None:
                continue
            try:
                if e["signer"] == "log":
                    if e["type"] != "repository.created" or self.vkey is None:
                        raise Bad("only repository.created may be signed by the log")
                    key = self.vkey["public"]
                else:
                    if e["signer"] != e["actor"]:
                        raise Bad(f"signer {e['signer']} is not the actor {e['actor']}")
                    pub = e.get("public", {})
                    if e["type"] == "identity.registered" and pub.get("user") == e["signer"]:
                        key = b64(pub["signingKey"], "signingKey", 32)  # a user's own registration
                    elif e["signer"] in self.users:
                        key = self.users[e["signer"]]["signing"]
                    else:
                        raise Bad(f"signer {e['signer']} is not registered by an earlier entry")
                if i < 8:
                    self.R.explain(f"signing input of entry {i} starts", signing_input(e)[:60].decode().replace("\n", "\\n"))
                if not ed25519_ok(key, b64(e["signature"], "signature", 64), signing_input(e)):
                    raise Bad("signature does not verify")
                self.apply(e)
            except (Bad, KeyError) as x:
                self.R.fail(f"entry {i} ({e['type']})", str(x))
                bad += 1
        types = [e and e["type"] for e in self.entries[:3]]
        if types != ["repository.created", "identity.registered", "recovery-slot.added"]:
            self.R.fail("ledger", f"the first three entries are {types}, not as §7.4 requires")
            bad += 1
        if not bad:
            self.R.ok(f"{len(self.entries)} entry signatures verify with their signers' registered keys")

    def apply(self, e):
        """§7.4: the public facts later checks need (users' keys, cases, items)."""
        pub = e.get("public", {})
        if e["type"] == "identity.registered":
            self.users[pub["user"]] = {"signing": b64(pub["signingKey"], "signingKey", 32),
                                       "sealing": b64(pub["sealingKey"], "sealingKey", 32), "seq": e["seq"]}
        elif e["type"] == "case.created":
            self.cases[e["case"]] = {"seq": e["seq"], "holders": pub["keyHolders"], "generation": pub["keyGeneration"]}
        elif e["type"] == "item.added":
            if e["case"] not in self.cases:
                raise Bad(f"item.added for unknown case {e['case']}")
            self.items[e["item"]] = {"case": e["case"], "seq": e["seq"], "object": e["object"],
                                     "commitment": e["commitment"], "amendments": []}
        elif e["type"] in ("item.read", "item.amended"):
            if e["item"] not in self.items or self.items[e["item"]]["case"] != e["case"]:
                raise Bad(f"{e['type']} for unknown item {e['item']}")
            if e["type"] == "item.amended":
                self.items[e["item"]]["amendments"].append(e["seq"])

    # ---- §5: key files and opening them
    def check_key_files(self):
        R, repo, cfg, n = self.R, self.repo, self.cfg, 0
        self.slots = {s: R.attempt(f"keys/{s}", read_slot, repo, cfg, s) for s in repo.listdir("keys")}
        self.identities = {u: R.attempt(f"identities/{u}", read_identity, repo, cfg, u) for u in repo.listdir("identities")}
        self.envelopes = {}
        for parts, purpose, case in envelope_files(repo):
            self.envelopes[parts] = R.attempt("/".join(parts), read_envelope, repo, cfg, parts, purpose, case)
        for u in self.identities:
            if u not in self.users:
                R.fail(f"identities/{u}", "no identity.registered entry for this user")
        for parts in self.envelopes:
            if parts[-1] != "recovery" and parts[-1] not in self.users:
                R.fail("/".join(parts), "held by a user the ledger never registered")
        for c, info in self.cases.items():
            held = {p[-1] for p in self.envelopes if p[:2] == ("cases", c) and p[3] == str(info["generation"])}
            if held != set(info["holders"]):
                R.fail(f"cases/{c}/keys/{info['generation']}", f"holders {sorted(held)} differ from case.created keyHolders {sorted(info['holders'])}")
        R.ok(f"{len(self.slots)} recovery slots, {len(self.identities)} identities, {len(self.envelopes)} envelopes are canonical and agree with their paths")

    def open_user(self):
        """§5.3/§5.4/§5.6: identity, keyring and case-key envelopes with the user's passphrase."""
        R, cfg = self.R, self.cfg
        if not NAME_RE.fullmatch(self.user):
            raise Bad(f"user name {self.user!r} is not a valid name (§1)")
        login = login_of(cfg, self.user)
        R.explain(f"login of {self.user}", login)
        found = [u for u, o in self.identities.items() if o and o["login"] == login]
        if len(found) != 1:
            raise Bad(f"no identity with the login of {self.user!r} ({len(found)} found)")
        self.uid = uid = found[0]
        R.explain("user id", uid)
        plain = open_passphrase_box(self.identities[uid], self.passphrase, ctx("evidence/v1/identity", cfg["repository"], uid),
                                    f"identities/{uid}", R, f"scrypt key of {self.user}'s identity box")
        if len(plain) != 64:
            raise Bad(f"identities/{uid}: plaintext is {len(plain)} bytes, not 64")
        self.sealing_private, seed = plain[:32], plain[32:]
        spub, gpub = x25519_public(plain[:32]), ed25519_public(seed)
        R.explain(f"{self.user}'s X25519 public key", b64e(spub))
        R.explain(f"{self.user}'s Ed25519 public key", b64e(gpub))
        reg = self.users.get(uid)
        if reg is None or (reg["sealing"], reg["signing"]) != (spub, gpub):
            raise Bad(f"identities/{uid}: its keys are not the ones the ledger registered for the user (file replaced?)")
        R.ok(f"identity of {self.user} ({uid}) opens; its public keys match identity.registered (entry {reg['seq']})")
        self.open_envelopes(uid, self.sealing_private)

    def open_envelopes(self, holder, private):
        """Open every keyring/audit/case envelope this holder has; cross-check with keys already known."""
        R = self.R
        for parts, obj in self.envelopes.items():
            if obj is None or parts[-1] != holder:
                continue
            what = "/".join(parts)
            try:
                key = open_envelope(obj, private, what)
                gen = obj["generation"]
                if obj["purpose"] == "repository-keyring":
                    if len(key) != 69 or key[:5] != b"EVKR\x01":
                        raise Bad("keyring plaintext is not EVKR ‖ 0x01 ‖ seed ‖ key (69 bytes)")
                    seed, rkey = key[5:37], key[37:]
                    if self.vkey and ed25519_public(seed) != self.vkey["public"]:
                        raise Bad("the keyring's log seed is not the log key's")
                    R.explain(f"log public key (from {what})", b64e(ed25519_public(seed)))
                    R.explain("repository key", rkey)
                    self.remember(self.keyring, gen, (seed, rkey), what)
                elif obj["purpose"] == "audit-key":
                    if len(key) != 32 or b64e(x25519_public(key)) != self.entries[0]["public"]["auditKey"]:
                        raise Bad("the audit private key's public key is not entry 0's auditKey")
                    R.explain("audit public key", b64e(x25519_public(key)))
                    self.audit_private = key
                else:
                    if len(key) != 32:
                        raise Bad("a case key is 32 bytes")
                    R.explain("case id", obj["subject"])
                    R.explain("case key generation", gen)
                    R.explain("case key K", key)
                    for name, k in case_subkeys(key).items():
                        R.explain({"naming": "naming key", "wrap": "data-key wrap key", "part": "part key"}[name], k)
                    self.remember(self.case_keys.setdefault(obj["subject"], {}), gen, key, what)
                R.ok(f"{what} opens")
            except Bad as e:
                R.fail(what, str(e))

    def remember(self, table, gen, value, what):
        if gen in table and table[gen] != value:
            self.R.fail(what, "holds a different key than another holder's envelope of the same generation")
        table[gen] = value

    def open_recovery(self):
        """§5.1/§5.2/§5.5: recovery slot -> R -> recovery sealing key -> audit key (and recovery envelopes)."""
        R, cfg = self.R, self.cfg
        for slot, obj in self.slots.items():
            if obj is None:
                continue
            try:
                rk = open_passphrase_box(obj, self.recovery, ctx("evidence/v1/recovery-slot", cfg["repository"], slot),
                                         f"keys/{slot}", R, "scrypt key of the recovery slot")
            except Bad:
                continue
            if len(rk) != 32:
                raise Bad(f"keys/{slot}: recovery key is {len(rk)} bytes, not 32")
            R.explain("recovery key R", rk)
            r = hkdf(rk, b"", b"evidence/v1/recovery/sealing-key")
            R.explain("recovery sealing public key", b64e(x25519_public(r)))
            if self.entries[0] is None or b64e(x25519_public(r)) != self.entries[0]["public"]["recoveryKey"]:
                raise Bad(f"keys/{slot}: the recovery sealing key is not entry 0's recoveryKey")
            R.ok(f"recovery slot keys/{slot} opens; its sealing key is entry 0's recoveryKey")
            self.open_envelopes("recovery", r)
            if self.audit_private is None:
                raise Bad("no audit/<generation>/recovery envelope opened")
            return
        raise Bad("the recovery passphrase opens no recovery slot")

    # ---- §7.2: sealed and audit parts
    def open_parts(self):
        R, cfg = self.R, self.cfg
        counts = {"sealed": [0, 0], "audit": [0, 0]}
        for i, e in enumerate(self.entries):
            if e is None:
                continue
            got = self.opened[i] = {}
            for part in ("sealed", "audit"):
                if part not in e:
                    continue
                what = f"entry {i} ({e['type']}) {part} part"
                box = parse_box(b64(e[part], what), 2 if part == "sealed" else 1, what)
                if part == "audit":
                    key = self.audit_private
                elif "case" in e:
                    key = self.case_keys.get(e["case"], {}).get(box["generation"])
                    key = key and case_subkeys(key)["part"]
                else:
                    key = self.keyring.get(box["generation"], (None, None))[1]
                if key is None:
                    continue
                counts[part][1] += 1
                try:
                    c = part_context(cfg, i, part)
                    plain = open_box_to(box, key, c, what) if part == "audit" else open_box_under(box, key, c, what)
                    if len(plain) > 65536:
                        raise Bad("plaintext larger than 64 KiB")
                    got[part] = value = parse_json(plain, what)
                    if not isinstance(value, dict):
                        raise Bad("plaintext is not a JSON object")
                    if part == "audit" and not isinstance(value.get("actorName"), str):
                        raise Bad("audit part without actorName (§7.4)")
                    counts[part][0] += 1
                    if i < 8:
                        R.explain(f"{part} part of entry {i}", plain.decode())
                except Bad as x:
                    R.fail(what, str(x))
        for part, (good, tried) in counts.items():
            R.ok(f"{good} of {tried} {part} parts we hold keys for open and are canonical JSON objects")
        self.check_user_names()

    def check_user_names(self):
        """Cross-checks with opened parts: the user's name, first user's roles, commitments."""
        for i, e in enumerate(self.entries):
            s = self.opened.get(i, {}).get("sealed")
            if e is None or s is None:
                continue
            if e["type"] == "identity.registered" and e["public"]["user"] == self.uid and s.get("name") != self.user:
                self.R.fail(f"entry {i}", f"registers {self.uid} under the name {s.get('name')!r}, not {self.user!r}")
            if i == 1 and s.get("roles") != ["administrator"]:
                self.R.fail("entry 1", f"first user's roles are {s.get('roles')}, not ['administrator'] (§7.4)")

    # ---- §6, §7.3, §7.5: items and objects
    def item_state(self, iid):
        """§7.5: item.added sealed part with every later item.amended change applied in order."""
        item = self.items[iid]
        meta = self.opened.get(item["seq"], {}).get("sealed")
        if meta is None:
            return None
        meta = dict(meta)
        for seq in item["amendments"]:
            meta.update(self.opened.get(seq, {}).get("sealed", {}).get("changes", {}))
        return meta

    def check_objects(self):
        R, repo, cfg = self.R, self.repo, self.cfg
        decrypted = without_keys = 0
        referenced = set()
        for iid, item in self.items.items():
            case, obj, seq = item["case"], item["object"], item["seq"]
            name = obj["name"]
            rel = f"objects/{case}/{name[:2]}/{name}"
            referenced.add(rel)
            where = f"item {iid} (entry {seq}, {rel})"
            try:
                if not repo.exists(rel):
                    raise Bad("object file missing")
                data = repo.read(rel)
                if len(data) != obj["size"] or sha256(data).hex() != obj["ciphertextSha256"]:
                    raise Bad(f"object file is {len(data)} bytes with SHA-256 {sha256(data).hex()}, "
                              f"entry records {obj['size']} bytes, {obj['ciphertextSha256']}")
                sealed = self.opened.get(seq, {}).get("sealed")
                keys = self.case_keys.get(case)
                if sealed is None or not keys:
                    without_keys += 1
                    continue
                explain = R.explaining and decrypted == 0
                if explain:
                    R.explain("object name", name)
                    R.explain("object file size", len(data))
                    R.explain("object file SHA-256", sha256(data).hex())
                wraps = {g: case_subkeys(k)["wrap"] for g, k in keys.items()}
                digest, size = decrypt_object(data, case, cfg["chunkSize"], wraps, R, explain)
                gen = struct.unpack(">I", data[16:20])[0]
                if digest.hex() != sealed.get("sha256") or size != sealed.get("size"):
                    raise Bad(f"decrypted content has SHA-256 {digest.hex()}, {size} bytes; "
                              f"the sealed part records {sealed.get('sha256')}, {sealed.get('size')} bytes")
                if hmac.new(case_subkeys(keys[gen])["naming"], digest, hashlib.sha256).hexdigest() != name:
                    raise Bad("object name is not HMAC(naming key, SHA-256(plaintext)) (§6)")
                salt = hexbytes(sealed.get("salt"), "sealed salt")
                if sha256(salt + digest).hex() != item["commitment"]:
                    raise Bad("commitment is not SHA-256(salt ‖ SHA-256(content)) (§7.3)")
                if explain:
                    R.explain(f"SHA-256 of {sealed.get('name')}", digest.hex())
                    R.explain("commitment = SHA-256(salt ‖ SHA-256)", item["commitment"])
                decrypted += 1
            except Bad as e:
                R.fail(where, str(e))
        R.ok(f"{len(self.items)} items: {decrypted} objects decrypted and compared with their sealed part, "
             f"{without_keys} compared by ciphertext SHA-256 and size only")
        for case in repo.listdir("objects"):
            for xx in repo.listdir("objects", case):
                for name in repo.listdir("objects", case, xx):
                    rel = f"objects/{case}/{xx}/{name}"
                    if rel not in referenced:
                        R.note(f"{rel}: no committed entry references this object")

    def run(self):
        R = self.R
        self.read_ledger()
        if self.vkey is None:
            return
        self.check_signatures()
        self.check_key_files()
        if self.user:
            R.attempt(f"user {self.user}", self.open_user)
        if self.recovery is not None:
            R.attempt("recovery", self.open_recovery)
        self.open_parts()
        self.check_objects()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["verify", "dump"])
    ap.add_argument("repo")
    ap.add_argument("--user")
    ap.add_argument("--passphrase-file")
    ap.add_argument("--recovery-passphrase-file")
    ap.add_argument("--verifier-key", help="the log's verifier key, or a file holding it")
    ap.add_argument("--explain", action="store_true", help="print intermediate values (compare with §11)")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return EX_USAGE if e.code else EX_OK
    if bool(args.user) != bool(args.passphrase_file) or (args.command == "dump" and not args.user):
        print("--user and --passphrase-file go together (and dump needs them)", file=sys.stderr)
        return EX_USAGE
    vkey = args.verifier_key
    if vkey and os.path.isfile(vkey):
        vkey = open(vkey).read().split("\n")[0]
    R = Report(args.explain, sys.stdout if args.command == "verify" else sys.stderr)
    try:
        pp = read_passphrase(args.passphrase_file) if args.passphrase_file else None
        rp = read_passphrase(args.recovery_passphrase_file) if args.recovery_passphrase_file else None
    except (OSError, UnicodeDecodeError) as e:
        print(f"cannot read a passphrase file: {e}", file=sys.stderr)
        return EX_USAGE
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
