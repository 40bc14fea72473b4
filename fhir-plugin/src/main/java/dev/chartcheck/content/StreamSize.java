package dev.chartcheck.content;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;

/**
 * How far a PDF stream expands when decoded, measured without holding it: PDFBox's own decoding keeps the whole
 * result in memory, so a small stream that inflates to gigabytes would fill the heap before anything could stop
 * it. This runs the same filters into a counter that gives up at the limit.
 */
final class StreamSize {

	private StreamSize() {}

	/** The decoded size, or {@code limit + 1} as soon as it is known to exceed {@code limit}. */
	static long decoded(COSStream stream, long limit) throws IOException {
		List<COSName> filters = filters(stream.getFilters());
		if (filters.isEmpty()) {
			return stream.getLength();
		}
		byte[] intermediate = null;
		for (int i = 0; i < filters.size(); i++) {
			Filter filter = FilterFactory.INSTANCE.getFilter(filters.get(i));
			boolean last = i == filters.size() - 1;
			try (InputStream in = intermediate == null ? stream.createRawInputStream() : new ByteArrayInputStream(intermediate)) {
				Bounded out = new Bounded(limit, !last);
				try {
					filter.decode(in, out, stream, i);
				} catch (IOException e) {
					// a filter may wrap the counter's exception in its own
					if (out.reached) {
						return limit + 1;
					}
					throw e;
				}
				if (out.reached) {
					return limit + 1;
				}
				if (last) {
					return out.count;
				}
				intermediate = out.bytes.toByteArray();
			}
		}
		return intermediate.length;
	}

	private static List<COSName> filters(COSBase filters) {
		if (filters instanceof COSName name) {
			return List.of(name);
		}
		if (filters instanceof COSArray array) {
			return array.toList().stream().filter(COSName.class::isInstance).map(COSName.class::cast).toList();
		}
		return List.of();
	}

	/** Counts what is written (keeping it only between two filters), and stops at the limit or on interruption. */
	private static final class Bounded extends OutputStream {

		private final long limit;
		private final ByteArrayOutputStream bytes;
		private long count;
		private boolean reached;

		Bounded(long limit, boolean keep) {
			this.limit = limit;
			this.bytes = keep ? new ByteArrayOutputStream() : null;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] {(byte) b}, 0, 1);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			count += len;
			if (count > limit) {
				reached = true;
				throw new IOException("decoded stream over the limit");
			}
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedIOException("PDF stream decoding cancelled");
			}
			if (bytes != null) {
				bytes.write(b, off, len);
			}
		}
	}
}
