"""Build small PDFs for the reader tests (reportlab's built-in CID font for Chinese)."""

from __future__ import annotations

from pathlib import Path


def chinese_pdf(path: Path, paragraphs: list[str], *, chars_per_line: int = 30, lines_per_page: int = 28,
                header: str | None = "市十四届人大三次会议文件(12)", page_numbers: bool = True,
                user_password: str | None = None, owner_password: str | None = None) -> Path:
    """Typeset ``paragraphs`` hard-wrapped at ``chars_per_line``, with a running header
    and "— n —" page numbers on every page, as printed reports are.  With a password the PDF is encrypted
    (copying and changes forbidden): ``owner_password`` alone opens without a password, ``user_password`` needs
    one."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    encrypt = None
    if user_password is not None or owner_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(user_password or "", ownerPassword=owner_password or user_password,
                                     canCopy=0, canModify=0, strength=128)
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    width, height = A4
    lines = []
    for para in paragraphs:
        lines += [para[i:i + chars_per_line] for i in range(0, len(para), chars_per_line)]
    page = 0
    for start in range(0, len(lines), lines_per_page):
        page += 1
        c.setFont("STSong-Light", 9)
        if header:
            c.drawString(60, height - 40, header)
        if page_numbers:
            c.drawCentredString(width / 2, 30, f"— {page} —")
        c.setFont("STSong-Light", 14)
        y = height - 80
        for line in lines[start:start + lines_per_page]:
            c.drawString(60, y, line)
            y -= 24
        c.showPage()
    c.save()
    return path


def blank_pdf(path: Path) -> Path:
    """A PDF with a drawing and no text layer, like a scanned page."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()
    return path


def cid_garbage_pdf(path: Path, n_glyphs: int = 60) -> Path:
    """A PDF whose Type0 font (Identity-H) has no ToUnicode map: its text extracts as (cid:N)."""
    glyphs = "".join(f"{i + 1:04X}" for i in range(n_glyphs))
    content = f"BT /F1 12 Tf 50 700 Td <{glyphs}> Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoUnicodeFont /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoUnicodeFont "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path
