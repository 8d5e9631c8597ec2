"""Signed notes, checkpoints and cosignatures against published vectors.

Vectors: golang.org/x/mod/sumdb/note note_test.go (PeterNeumann / EnochRoot keys, signature and note
syntax cases), transparency-dev/formats note_cosigv1_test.go (a type 0x04 verifier key and a
cosignature timestamp), and the examples in the C2SP tlog-checkpoint / tlog-cosignature specs.
"""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jointmap.ledger import (
    Checkpoint,
    CosignatureV1Signer,
    CosignatureV1Verifier,
    Ed25519Signer,
    Ed25519Verifier,
    NoteFormatError,
    NoteSignature,
    SignatureError,
    cosignature_message,
    format_checkpoint,
    key_id,
    open_checkpoint,
    open_note,
    parse_checkpoint,
    parse_note,
    parse_signer_key,
    parse_verifier_key,
    sign_note,
)

PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
PETER_SIG = (
    "\u2014 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "\u2014 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
)


# -- signed-note: Go reference vectors --------------------------------------------------------------


def test_go_verifier_key_parses_and_round_trips() -> None:
    v = parse_verifier_key(PETER_VKEY)
    assert isinstance(v, Ed25519Verifier)
    assert v.name == "PeterNeumann"
    assert v.key_id == bytes.fromhex("c74f20a3")
    assert v.key_id == key_id("PeterNeumann", 0x01, v.public_key)
    assert v.verifier_key == PETER_VKEY


def test_go_signer_key_reproduces_the_published_signature_byte_for_byte() -> None:
    signer = parse_signer_key(PETER_SKEY)
    assert signer.key_id == bytes.fromhex("c74f20a3")
    assert signer.verifier().verifier_key == PETER_VKEY
    assert signer.signer_key == PETER_SKEY
    note = sign_note(TEXT, signer)
    assert note.to_text() == TEXT + "\n" + PETER_SIG
    assert note.encode().count("\u2014".encode()) == 1  # the EM DASH, E2 80 94
    # An existing signature by the same key is replaced, not duplicated.
    stale = NoteSignature("PeterNeumann", bytes.fromhex("c74f20a3"), b"\0" * 64)
    assert sign_note(parse_note(TEXT + "\n" + stale.to_line()), signer).to_text() == TEXT + "\n" + PETER_SIG


def _mangled(key: str) -> list[str]:
    out = [
        key[i:j] for i in range(len(key) + 1) for j in range(i + 1, len(key) + 1) if (i, j) != (0, len(key))
    ]
    out += [key[:i] + chr(ord(key[i]) + 1) + key[i + 1 :] for i in range(len(key))]
    return out


def test_go_manglings_of_keys_are_rejected() -> None:
    bad_vkeys = [
        *_mangled(PETER_VKEY),
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",  # wrong length
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # unknown algorithm
    ]
    for bad in bad_vkeys:
        with pytest.raises(NoteFormatError):
            parse_verifier_key(bad)
    for bad in _mangled(PETER_SKEY):
        with pytest.raises(NoteFormatError):
            parse_signer_key(bad)


def test_open_with_known_and_unknown_keys() -> None:
    peter, enoch = parse_verifier_key(PETER_VKEY), parse_verifier_key(ENOCH_VKEY)
    note = TEXT + "\n" + PETER_SIG + ENOCH_SIG
    opened = open_note(note, [peter])
    assert opened.text == TEXT
    assert [s.name for s in opened.verified] == ["PeterNeumann"]
    assert [s.name for s in opened.unverified] == ["EnochRoot"]
    both = open_note(note.encode(), [peter, enoch])
    assert [s.name for s in both.verified] == ["PeterNeumann", "EnochRoot"]
    assert both.unverified == ()
    with pytest.raises(SignatureError, match="no signature from a trusted key"):
        open_note(note, [])


def test_open_semantics_match_go() -> None:
    peter, enoch = parse_verifier_key(PETER_VKEY), parse_verifier_key(ENOCH_VKEY)
    # Several verifiers for one (name, key ID): ambiguous when used, ignored when not.
    with pytest.raises(SignatureError, match="ambiguous key EnochRoot\\+af0cfe78"):
        open_note(TEXT + "\n" + ENOCH_SIG, [enoch, peter, enoch])
    open_note(TEXT + "\n" + PETER_SIG, [enoch, peter, enoch])
    with pytest.raises(NoteFormatError):
        open_note(TEXT + "\n" + PETER_SIG * 101, [peter])
    with pytest.raises(SignatureError, match="invalid signature for key PeterNeumann\\+c74f20a3"):
        open_note(TEXT + "\n" + PETER_SIG[:60] + "ABCD" + PETER_SIG[60:], [peter])
    # Repeated lines: the first line of a known key decides; unknown duplicates are listed once.
    enoch_abcd = ENOCH_SIG[:60] + "ABCD" + ENOCH_SIG[60:]
    opened = open_note(TEXT + "\n" + PETER_SIG * 2 + ENOCH_SIG * 2 + enoch_abcd, [peter])
    assert len(opened.verified) == 1
    assert len(opened.unverified) == 2
    assert opened.unverified[1].to_line() == enoch_abcd


@pytest.mark.parametrize(
    "message",
    [
        TEXT.encode(),
        (TEXT + "\n").encode(),
        (TEXT + "\n" + PETER_SIG[:-1]).encode(),
        ("\x01" + TEXT + "\n" + PETER_SIG).encode(),
        b"\xff" + (TEXT + "\n" + PETER_SIG).encode(),
        (TEXT + "\n" + "\u2014 Bad Name " + PETER_SIG.split(" ")[2]).encode(),
        (TEXT + "\n" + PETER_SIG + "Unexpected line.\n").encode(),
        (TEXT + "\n" + "- PeterNeumann " + PETER_SIG.split(" ")[2]).encode(),  # ASCII hyphen
    ],
)
def test_malformed_notes_are_rejected(message: bytes) -> None:
    with pytest.raises(NoteFormatError):
        open_note(message, [parse_verifier_key(PETER_VKEY)])


def test_note_text_may_contain_blank_lines() -> None:
    signer = Ed25519Signer("example.org/k", Ed25519PrivateKey.generate())
    note = sign_note("para one\n\npara two\n", signer)
    assert open_note(note.to_text(), [signer.verifier()]).text == "para one\n\npara two\n"
    with pytest.raises(NoteFormatError):
        sign_note("no final newline", signer)
    with pytest.raises(NoteFormatError):
        Ed25519Signer("has space", Ed25519PrivateKey.generate())
    with pytest.raises(NoteFormatError):
        Ed25519Signer("has+plus", Ed25519PrivateKey.generate())


# -- tlog-cosignature ---------------------------------------------------------------------------------


def test_cosignature_verifier_key_type_04_vectors() -> None:
    # transparency-dev/formats: a native cosignature/v1 key, and a type 0x01 key with '+' in its base64.
    remora = parse_verifier_key("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2")
    assert isinstance(remora, CosignatureV1Verifier)
    assert remora.key_id == key_id("remora.n621.de", 0x04, remora.public_key) == bytes.fromhex("da77ade7")
    plain = parse_verifier_key("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6")
    assert isinstance(plain, Ed25519Verifier)
    # The same Ed25519 key under type 0x04 has a different key ID: the two can never be confused.
    assert CosignatureV1Verifier("TEST", plain.public_key).key_id != plain.key_id


def test_cosignature_timestamp_layout_vectors() -> None:
    blob = base64.b64decode(
        "ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA=="
    )
    assert CosignatureV1Verifier.timestamp(blob[4:]) == 1727964367
    plain = base64.b64decode(
        "eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY="
    )
    with pytest.raises(NoteFormatError):
        CosignatureV1Verifier.timestamp(plain[4:])
    # The spec's example witness line carries "time 1679315147".
    spec_line = (
        "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2"
        "oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA=="
    )
    assert CosignatureV1Verifier.timestamp(NoteSignature.from_line(spec_line).signature) == 1679315147


def test_cosignature_signed_message_layout() -> None:
    key = Ed25519PrivateKey.generate()
    cosigner = CosignatureV1Signer("witness.example/w1", key, clock=lambda: 1679315147)
    body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    sig = cosigner.sign(body.encode())
    assert sig[:8] == (1679315147).to_bytes(8, "big") and len(sig) == 72
    expected = b"cosignature/v1\ntime 1679315147\n" + body.encode()
    assert cosignature_message(body, 1679315147) == expected
    key.public_key().verify(sig[8:], expected)  # raw check, independent of our verifier
    assert cosigner.verifier().verify(body.encode(), sig)
    assert not cosigner.verifier().verify(body.encode(), sig[:7] + b"\x01" + sig[8:])
    too_late = (2**63).to_bytes(8, "big") + key.sign(cosignature_message(body, 2**63))
    assert not cosigner.verifier().verify(body.encode(), too_late)


# -- tlog-checkpoint ----------------------------------------------------------------------------------

SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"


def test_checkpoint_spec_example_round_trips() -> None:
    cp = parse_checkpoint(SPEC_BODY)
    assert (cp.origin, cp.size) == ("example.com/behind-the-sofa", 20852163)
    assert cp.root_hash == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert format_checkpoint(cp) == cp.to_text() == SPEC_BODY
    with_ext = Checkpoint("o", 0, bytes(32), ("ext one", "ext two"))
    assert Checkpoint.from_text(with_ext.to_text()) == with_ext


@pytest.mark.parametrize(
    "text",
    [
        "o\n1\n" + base64.b64encode(bytes(32)).decode(),  # no final newline
        "o\n1\n",  # two lines
        "\n1\n" + base64.b64encode(bytes(32)).decode() + "\n",  # empty origin
        "o\n01\n" + base64.b64encode(bytes(32)).decode() + "\n",  # leading zero
        "o\n-1\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "o\n１\n" + base64.b64encode(bytes(32)).decode() + "\n",  # non-ASCII digit
        "o\n18446744073709551616\n" + base64.b64encode(bytes(32)).decode() + "\n",  # 2**64
        "o\n1\n" + base64.b64encode(bytes(31)).decode() + "\n",
        "o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n",  # non-canonical padding bits
        "o\n1\n" + base64.b64encode(bytes(32)).decode() + "\n\next\n",  # empty extension line
        "o\t\n1\n" + base64.b64encode(bytes(32)).decode() + "\n",  # control character
    ],
)
def test_malformed_checkpoints_are_rejected(text: str) -> None:
    with pytest.raises(NoteFormatError):
        parse_checkpoint(text)


def test_signed_and_cosigned_checkpoint() -> None:
    log = Ed25519Signer("jointmap.example/log", Ed25519PrivateKey.generate())
    w1 = CosignatureV1Signer("witness.example/w1", Ed25519PrivateKey.generate(), clock=lambda: 1_700_000_000)
    w2 = CosignatureV1Signer("witness.example/w2", Ed25519PrivateKey.generate(), clock=lambda: 1_700_000_005)
    cp = Checkpoint("jointmap.example/log", 42, bytes(range(32)))
    note = sign_note(sign_note(cp.to_text(), log), w1, w2).to_text()
    opened = open_checkpoint(note, log.verifier(), cosigners=[w1.verifier(), w2.verifier()])
    assert opened.checkpoint == cp
    assert dict(opened.cosigned_at) == {
        "witness.example/w1": 1_700_000_000,
        "witness.example/w2": 1_700_000_005,
    }
    # A client that knows only the log key still opens it; the cosignatures stay unverified.
    alone = open_checkpoint(note, log.verifier())
    assert alone.cosigned_at == {} and len(alone.note.unverified) == 2
    # The log key's verifier must not accept a cosignature by the same key (different key IDs).
    with pytest.raises(SignatureError, match="not signed by the log key"):
        open_checkpoint(sign_note(cp.to_text(), w1).to_text(), log.verifier(), cosigners=[w1.verifier()])
    with pytest.raises(SignatureError, match="origin"):
        open_checkpoint(note, log.verifier(), origin="elsewhere.example/log")
    tampered = note.replace("\n42\n", "\n43\n")
    with pytest.raises(SignatureError):
        open_checkpoint(tampered, log.verifier())


def test_ed25519_verifier_rejects_wrong_lengths() -> None:
    key = Ed25519PrivateKey.generate()
    raw = Ed25519Verifier("k", key.public_key().public_bytes_raw())
    assert not raw.verify(b"x", key.sign(b"x")[:63])
    with pytest.raises(NoteFormatError):
        Ed25519Verifier("k", bytes(31))
    assert isinstance(Ed25519PublicKey.from_public_bytes(raw.public_key), Ed25519PublicKey)
