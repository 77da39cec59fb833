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
    """Decode story-file bytes. Raises DecodeError with a plain explanation."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _newlines(data[len(bom) :].decode(enc))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {enc} after its byte-order mark at byte {exc.start + len(bom)}") from None
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (contains NUL bytes); expected a text file")
    try:
        return _newlines(data.decode("utf-8"))
    except UnicodeDecodeError as utf8_exc:
        try:
            return _newlines(data.decode("cp1252"))
        except UnicodeDecodeError:
            raise DecodeError(
                f"cannot decode text: not UTF-8 (bad byte 0x{data[utf8_exc.start]:02x} at offset {utf8_exc.start}) "
                "and not Windows-1252; save the file as UTF-8"
            ) from None


def _newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
