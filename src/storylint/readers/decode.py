"""Bytes -> text for story files: BOMs, UTF-8, UTF-16, then cp1252; binary is refused."""

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

    A file that is not UTF-8 as a whole is read line by line: a line that is UTF-8 as UTF-8,
    any other as Windows-1252. Backlogs pasted together from several exports mix the two, and
    reading the whole file as Windows-1252 would garble every UTF-8 line ("cafÃ©")."""
    text, encoding, _ = decode_as(data)
    if encoding == "cp1252":
        text = "\n".join(_line(raw) for raw in data.split(b"\n"))
    return _newlines(text)


def _line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")  # (the whole file decoded as cp1252: so does each line)


def decode_as(data: bytes) -> tuple[str, str, bytes]:
    """``(text, encoding, byte-order mark)`` of story-file bytes, newlines as they are in the
    file, so that a tool that rewrites the file (``--fix``) can write it back the same way."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc, bom
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {enc} after its byte-order mark at byte {exc.start + len(bom)}") from None
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (contains NUL bytes); expected a text file")
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError as utf8_exc:
        try:
            return data.decode("cp1252"), "cp1252", b""
        except UnicodeDecodeError:
            raise DecodeError(
                f"cannot decode text: not UTF-8 (bad byte 0x{data[utf8_exc.start]:02x} at offset {utf8_exc.start}) "
                "and not Windows-1252; save the file as UTF-8"
            ) from None


def _newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
