"""Hostile and broken documents, built in memory: bombs, broken PDFs, charset traps, nesting.

Each builder returns bytes a government server could plausibly send as a report or its
attachment. Sizes are parameters so a test can keep them small where only the shape matters
and make them large where the point is that the parser refuses to expand them.
"""

from __future__ import annotations

import io
import zipfile
import zlib

MB = 1024 * 1024


def docx_bomb(expanded: int) -> bytes:
    """A real DOCX package whose `word/document.xml` inflates to `expanded` bytes of text
    (about 1000:1, so 1 GB arrives as 1 MB)."""
    import docx

    template = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("厦门市某区2023年政府信息公开工作年度报告")
    document.save(template)
    source = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info.filename))
        with bomb.open("word/document.xml", "w", force_zip64=True) as xml:
            xml.write(
                b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.'
                b'org/wordprocessingml/2006/main"><w:body>'
            )
            paragraph = b"<w:p><w:r><w:t>" + b"A" * 4000 + b"</w:t></w:r></w:p>"
            block = paragraph * (MB // len(paragraph))
            for _ in range(max(1, expanded // len(block))):
                xml.write(block)
            xml.write(b"</w:body></w:document>")
    return out.getvalue()


def plain_zip_bomb(expanded: int) -> bytes:
    """A zip (served as `.docx`) holding one member of `expanded` zero bytes, no Word parts."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
        bomb.open("report.docx", "w", force_zip64=True) as member,
    ):
        block = b"\0" * MB
        for _ in range(expanded // MB):
            member.write(block)
    return out.getvalue()


def docx_entity_bomb() -> bytes:
    """A DOCX whose document.xml defines a billion-laughs entity chain."""
    laughs = ['<!ENTITY l0 "ha">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [' + "".join(laughs) + "]>"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _replace_document_xml(xml.encode())


def _replace_document_xml(xml: bytes) -> bytes:
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = xml if info.filename == "word/document.xml" else source.read(info.filename)
            package.writestr(info, data)
    return out.getvalue()


def pdf_with_content(content: bytes, compress: bool = True) -> bytes:
    """A one-page PDF whose page draws `content` (operators), deflated unless asked not to."""
    stream = zlib.compress(content, 9) if compress else content
    flate = b" /Filter /FlateDecode" if compress else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), flate) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def pdf_bomb(expanded: int) -> bytes:
    """A PDF page whose deflated drawing instructions inflate to `expanded` bytes of text
    operators (each draws a character: the expensive thing for a layout engine)."""
    line = b"BT /F1 9 Tf 72 720 Td (A) Tj ET\n"
    inflater_input = line * (expanded // len(line))
    return pdf_with_content(inflater_input)


def encrypted_pdf(user_password: str = "secret") -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt=user_password)
    pdf.drawString(72, 720, "2023年政府信息公开工作年度报告")
    pdf.save()
    return buf.getvalue()


def malformed_pdf(good: bytes, seed: int = 3) -> bytes:
    """A real PDF with its cross-reference table and a third of its objects overwritten."""
    import random

    rng = random.Random(seed)
    data = bytearray(good)
    for _ in range(len(data) // 30):
        at = rng.randrange(9, len(data))
        data[at] = rng.randrange(256)
    return bytes(data)


def nested_html(page: bytes, depth: int) -> bytes:
    """A report page whose body is wrapped in `depth` unclosed <div>s and <font>s."""
    return page.replace(b"<body>", b"<body>" + b"<div><font>" * depth, 1)
