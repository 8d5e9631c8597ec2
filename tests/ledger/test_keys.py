"""Key pairs and key files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from jointmap.ledger import (
    KeyFileError,
    NoteFormatError,
    SignatureError,
    generate_keypair,
    key_file_stem,
    load_keypair,
    load_verifier,
    open_note,
    parse_verifier_key,
    sign,
    sign_note,
    verify,
    write_keypair,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_write_and_load_round_trip(tmp_path: Path) -> None:
    pair = generate_keypair("jointmap.example/unocha")
    private, public = write_keypair(pair, tmp_path / "keys")
    assert private.name == "jointmap.example_unocha.key" and public.name == "jointmap.example_unocha.pub"
    assert _mode(private) == 0o600
    assert _mode(tmp_path / "keys") == 0o700
    assert private.read_text().startswith("PRIVATE+KEY+jointmap.example/unocha+")
    assert public.read_text() == pair.verifier_key + "\n"

    loaded = load_keypair(private)
    assert loaded.name == pair.name and loaded.public_key == pair.public_key
    assert load_verifier(public).verifier_key == pair.verifier_key
    note = sign_note("hello\n", loaded.note_signer())
    open_note(note.to_text(), [load_verifier(public)])


@posix_only
def test_private_key_is_never_overwritten_by_accident(tmp_path: Path) -> None:
    first, second = generate_keypair("org"), generate_keypair("org")
    private, _ = write_keypair(first, tmp_path)
    with pytest.raises(KeyFileError, match="already exists"):
        write_keypair(second, tmp_path)
    assert load_keypair(private).public_key == first.public_key
    private.chmod(0o644)
    write_keypair(second, tmp_path, overwrite=True)
    assert _mode(private) == 0o600  # an overwrite tightens a loose mode too
    assert load_keypair(private).public_key == second.public_key


@posix_only
def test_load_refuses_a_readable_private_key(tmp_path: Path) -> None:
    private, _ = write_keypair(generate_keypair("org"), tmp_path)
    private.chmod(0o640)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_keypair(private)
    load_keypair(private, check_permissions=False)


def test_bad_key_files(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="cannot read"):
        load_verifier(tmp_path / "missing.pub")
    junk = tmp_path / "junk.key"
    junk.write_text("PRIVATE+KEY+x+00000000+AAAA\n")
    junk.chmod(0o600)
    with pytest.raises(KeyFileError, match=r"junk\.key"):
        load_keypair(junk)
    two = tmp_path / "two.pub"
    two.write_text("a\nb\n")
    with pytest.raises(KeyFileError, match="exactly one"):
        load_verifier(two)
    cosig = tmp_path / "cosig.pub"
    cosig.write_text(generate_keypair("w").cosigner().verifier().verifier_key + "\n")
    with pytest.raises(KeyFileError, match="cosignature key"):
        load_verifier(cosig)


def test_sign_and_verify_helpers() -> None:
    pair = generate_keypair("org")
    sig = sign(pair.private_key, b"entry")
    assert sig == pair.sign(b"entry") and len(sig) == 64
    verify(pair.public_key, b"entry", sig)
    with pytest.raises(SignatureError):
        verify(pair.public_key, b"entry!", sig)
    with pytest.raises(SignatureError):
        verify(pair.public_key[:31], b"entry", sig)
    with pytest.raises(SignatureError):
        verify(generate_keypair("other").public_key, b"entry", sig)


def test_names_and_stems() -> None:
    assert key_file_stem("jointmap.example/log") == "jointmap.example_log"
    assert key_file_stem("../../etc/passwd") == "etc_passwd"
    with pytest.raises(KeyFileError):
        key_file_stem("//")
    with pytest.raises(NoteFormatError):
        generate_keypair("two words")
    pair = generate_keypair("org")
    assert parse_verifier_key(pair.verifier_key).key_id == pair.key_id
