package dev.chartcheck.content;

import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.AttachmentContent.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * A PDF's text, page by page, with PDFBox 3, under limits that a hostile file cannot get past: the page count
 * is checked before any page is read, every compressed stream text extraction may decode is first decoded into
 * a counter that stops at the configured size (a decompression bomb is refused, not inflated into the heap), and
 * the work stops at the next page or content operator once its thread is interrupted (the caller's timeout).
 * Any failure to parse is {@link Kind#CORRUPT}. Runs on the extraction executor, never on a request thread.
 */
final class PdfText {

	/** Filters of image data, which text extraction never decodes. */
	private static final List<COSName> IMAGE_FILTERS =
			List.of(COSName.DCT_DECODE, COSName.JPX_DECODE, COSName.JBIG2_DECODE, COSName.CCITTFAX_DECODE);

	private PdfText() {}

	/** Extracts the PDF's pages, or says why not. {@code InterruptedIOException} when interrupted. */
	static AttachmentContent extract(int index, byte[] pdf, int maxPages, long maxStreamBytes) throws InterruptedIOException {
		// streams PDFBox creates itself stay in memory, bounded; parsing reads straight from the byte array
		try (PDDocument document = Loader.loadPDF(pdf, "", null, null, MemoryUsageSetting.setupMainMemoryOnly(maxStreamBytes).streamCache)) {
			int pages = document.getNumberOfPages();
			if (pages > maxPages) {
				return AttachmentContent.unreadable(index, Kind.TOO_MANY_PAGES, "application/pdf",
						"it has " + pages + " pages, more than the limit of " + maxPages);
			}
			String bomb = expandsTooFar(document, maxStreamBytes);
			if (bomb != null) {
				return AttachmentContent.unreadable(index, Kind.TOO_LARGE, "application/pdf", bomb);
			}
			PageCollector collector = new PageCollector();
			collector.writeText(document, new StringWriter());
			return AttachmentContent.text(index, Kind.PDF, "application/pdf", collector.pages);
		} catch (InterruptedIOException e) {
			throw e;
		} catch (InvalidPasswordException e) {
			return AttachmentContent.unreadable(index, Kind.UNDECODABLE, "application/pdf", "the PDF is password-protected");
		} catch (IOException | RuntimeException | StackOverflowError e) {
			// PDFBox reports damage in many ways: IOExceptions, but also ClassCast, IllegalArgument, deep recursion…
			return AttachmentContent.unreadable(index, Kind.CORRUPT, "application/pdf",
					"PDFBox cannot parse it (" + e.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * Decodes, into a counter, every stream of the file that text extraction could decode (content streams, forms,
	 * fonts, CMaps, object streams; not images), and names the first that expands beyond the limit, if any.
	 */
	private static String expandsTooFar(PDDocument document, long maxStreamBytes) throws IOException {
		for (Map.Entry<COSObjectKey, Long> entry : document.getDocument().getXrefTable().entrySet()) {
			if (entry.getValue() == null || entry.getValue() < 0) {
				continue; // an object inside an object stream, which is never itself a stream
			}
			COSBase object = document.getDocument().getObjectFromPool(entry.getKey()).getObject();
			if (object instanceof COSStream stream && !isImage(stream)) {
				long decoded = StreamSize.decoded(stream, maxStreamBytes);
				if (decoded > maxStreamBytes) {
					return "a compressed stream in it expands to more than " + (maxStreamBytes >> 20)
							+ " MB (a decompression bomb?)";
				}
			}
		}
		return null;
	}

	private static boolean isImage(COSStream stream) {
		if (COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))) {
			return true;
		}
		COSBase filters = stream.getFilters();
		return filters instanceof COSName name ? IMAGE_FILTERS.contains(name)
				: filters instanceof org.apache.pdfbox.cos.COSArray array
						&& array.toList().stream().anyMatch(IMAGE_FILTERS::contains);
	}

	/** Collects each page's text as PDFTextStripper writes it, and stops promptly once interrupted. */
	private static final class PageCollector extends PDFTextStripper {

		private final List<String> pages = new ArrayList<>();
		private int operators;

		@Override
		protected void startPage(PDPage page) throws IOException {
			interruptionPoint();
			super.startPage(page);
		}

		@Override
		protected void endPage(PDPage page) throws IOException {
			super.endPage(page);
			output.flush();
			StringBuffer buffer = ((StringWriter) output).getBuffer();
			pages.add(buffer.toString());
			buffer.setLength(0);
		}

		@Override
		protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
			if ((++operators & 0x3FF) == 0) {
				interruptionPoint();
			}
			super.processOperator(operator, operands);
		}

		private static void interruptionPoint() throws InterruptedIOException {
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedIOException("PDF text extraction cancelled");
			}
		}
	}
}
