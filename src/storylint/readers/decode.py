"""Bytes -> text for story files: BOMs, UTF-8, UTF-16, then cp1252 (line by line); binary is refused."""

from __future__ import annotations

import codecs


class DecodeError(ValueError):
    pass


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes) -> str:
    """Decode story-file bytes. Raises DecodeError with a plain explanation.

    A file that is not UTF-8 as a whole, with or without a UTF-8 byte-order mark, is read line
    by line: a line that is UTF-8 as UTF-8, any other as Windows-1252. Backlogs pasted together
    from several exports mix the two, and reading the whole file as Windows-1252 would garble
    every UTF-8 line ("cafÃ©"). A UTF-16 or UTF-32 file (by its byte-order mark) is decoded
    as a whole, strictly."""
    if (found := _strict_bom(data)) is not None:
        return _newlines(found[0])
    body, bom = _body(data)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        lines, at = [], len(bom)
        for raw in body.split(b"\n"):
            lines.append(_line(raw, at, data))
            at += len(raw) + 1
        text = "\n".join(lines)
    return _newlines(text)


def _line(raw: bytes, at: int, data: bytes) -> str:
    """One line (starting at byte ``at`` of the file ``data``) as UTF-8, else as Windows-1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_exc:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise _not_text(data, at + utf8_exc.start) from None


def _not_text(data: bytes, offset: int) -> DecodeError:
    return DecodeError(
        f"cannot decode text: not UTF-8 (bad byte 0x{data[offset]:02x} at offset {offset}) "
        "and not Windows-1252; save the file as UTF-8"
    )


def _strict_bom(data: bytes) -> tuple[str, str, bytes] | None:
    """A UTF-16 or UTF-32 file by its byte-order mark, decoded strictly (None: no such mark)."""
    for bom, enc in _BOMS:
        if enc != "utf-8" and data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc, bom
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {enc} after its byte-order mark at byte {exc.start + len(bom)}") from None
    return None


def _body(data: bytes) -> tuple[bytes, bytes]:
    """The bytes after a UTF-8 byte-order mark, and the mark (b"" without one). A file with no
    mark that holds NUL bytes is binary: a DecodeError."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :], codecs.BOM_UTF8
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (contains NUL bytes); expected a text file")
    return data, b""


def decode_as(data: bytes) -> tuple[str, str, bytes]:
    """``(text, encoding, byte-order mark)`` of story-file bytes, newlines as they are in the
    file, so that a tool that rewrites the file (``--fix``) can write it back the same way:
    ``bom + text.encode(encoding)``. A file that is not UTF-8 (after its UTF-8 byte-order
    mark, if it has one) is Windows-1252 as a whole here, which gives the file's bytes back one
    for one; one that is not Windows-1252 either (a byte it leaves undefined) is a DecodeError,
    though decode_bytes may still read it line by line."""
    if (found := _strict_bom(data)) is not None:
        return found
    body, bom = _body(data)
    try:
        return body.decode("utf-8"), "utf-8", bom
    except UnicodeDecodeError as utf8_exc:
        try:
            return body.decode("cp1252"), "cp1252", bom
        except UnicodeDecodeError:
            raise _not_text(data, len(bom) + utf8_exc.start) from None


def _newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
