package dev.chartcheck.content;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** PDFs made on the fly for tests (no binary fixtures in git): text pages, scanned-looking pages, hostile files. */
public final class TestPdfs {

	private TestPdfs() {}

	/** One page per entry; each line of an entry is a line of text on that page (Helvetica, WinAnsi). */
	public static byte[] text(List<String> pages) {
		try (PDDocument document = new PDDocument()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			for (String text : pages) {
				PDPage page = new PDPage();
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.beginText();
					content.setFont(font, 11);
					content.setLeading(14);
					content.newLineAtOffset(72, 720);
					for (String line : text.split("\n")) {
						content.showText(line);
						content.newLine();
					}
					content.endText();
				}
			}
			return save(document);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A scan: each page is one image, with no text layer. */
	public static byte[] imageOnly(int pages) {
		try (PDDocument document = new PDDocument()) {
			BufferedImage scan = new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB);
			Graphics2D g = scan.createGraphics();
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, 60, 80);
			g.setColor(Color.BLACK);
			g.drawLine(5, 10, 55, 10);
			g.dispose();
			PDImageXObject image = LosslessFactory.createFromImage(document, scan);
			for (int i = 0; i < pages; i++) {
				PDPage page = new PDPage();
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.drawImage(image, 72, 72, 468, 624);
				}
			}
			return save(document);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Many blank pages: a small file with a huge page count. */
	public static byte[] blankPages(int pages) {
		try (PDDocument document = new PDDocument()) {
			for (int i = 0; i < pages; i++) {
				document.addPage(new PDPage());
			}
			return save(document);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** One page whose content stream is {@code bytes} of white space, Flate-compressed to almost nothing. */
	public static byte[] decompressionBomb(long bytes) {
		try (PDDocument document = new PDDocument()) {
			PDPage page = new PDPage();
			document.addPage(page);
			PDStream stream = new PDStream(document, new Spaces(bytes), COSName.FLATE_DECODE);
			page.setContents(stream);
			return save(document);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A PDF header followed by garbage: no xref, no objects. */
	public static byte[] corrupt() {
		byte[] bytes = new byte[4096];
		new java.util.Random(7).nextBytes(bytes);
		byte[] header = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog /Pages 2 0 R".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		System.arraycopy(header, 0, bytes, 0, header.length);
		return bytes;
	}

	private static byte[] save(PDDocument document) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		document.save(out);
		return out.toByteArray();
	}

	/** {@code n} spaces, produced on demand. */
	private static final class Spaces extends InputStream {
		private long left;

		Spaces(long n) {
			this.left = n;
		}

		@Override
		public int read() {
			return left-- > 0 ? ' ' : -1;
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (left <= 0) {
				return -1;
			}
			int n = (int) Math.min(len, left);
			java.util.Arrays.fill(b, off, off + n, (byte) ' ');
			left -= n;
			return n;
		}
	}
}
