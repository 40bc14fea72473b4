package dev.chartcheck.content;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.AttachmentContent.Kind;
import dev.chartcheck.engine.NoteContent;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.DocumentReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what each note's attachments hold, for the record snapshot: inline text is decoded on the caller's thread;
 * PDF extraction and external fetches run on a small executor of their own, each bounded by the extraction
 * timeout, so that no file can hang the write or the audit that reads it. Whatever goes wrong becomes an
 * {@link AttachmentContent} saying why (a legibility finding), never an exception: the rest of the record is still
 * checked. Results are cached per note version (see {@link ContentCache}).
 */
public class NoteReader implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(NoteReader.class);

	private final AttachmentSource source;
	private final AttachmentSettings settings;
	private final ContentCache cache;
	private final ThreadPoolExecutor extractor;
	private final RemoteAttachments remote;

	public NoteReader(DaoRegistry daos, AttachmentSettings settings, Clock clock) {
		this.source = new AttachmentSource(daos);
		this.settings = settings;
		this.cache = new ContentCache(settings.getCacheSize().toBytes() / 2, clock);
		AtomicInteger threads = new AtomicInteger();
		this.extractor = new ThreadPoolExecutor(settings.getExtractionThreads(), settings.getExtractionThreads(),
				1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(256), task -> {
					Thread thread = new Thread(task, "chartcheck-extract-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.extractor.allowCoreThreadTimeOut(true);
		this.remote = new RemoteAttachments();
	}

	/** Every attachment of the note, in order, as read now or earlier for the same note version. */
	public NoteContent read(DocumentReference note) {
		String version = versionKey(note);
		List<AttachmentContent> attachments = new ArrayList<>(note.getContent().size());
		for (int i = 0; i < note.getContent().size(); i++) {
			String key = version == null ? null : version + "#" + i;
			AttachmentContent content = key == null ? null : cache.get(key);
			if (content == null) {
				content = read(note, i, note.getContent().get(i).getAttachment());
				if (key != null && content != null) {
					cache.put(key, content);
				}
			}
			if (content != null) {
				attachments.add(content);
			}
		}
		return new NoteContent(attachments);
	}

	/** How many attachment readings the cache holds (for tests and metrics). */
	public int cached() {
		return cache.size();
	}

	private AttachmentContent read(DocumentReference note, int index, Attachment attachment) {
		long maxBytes = settings.getMaxBytes().toBytes();
		AttachmentSource.Located located = source.locate(note, index, attachment, maxBytes, settings.getUrlAllow());
		if (located.failure() != null) {
			return located.failure();
		}
		if (located.remote() != null) {
			Duration timeout = settings.getExtractionTimeout();
			return bounded(index, located.contentType(), () -> {
				RemoteAttachments.Fetched fetched = remote.fetch(located.remote(), maxBytes, timeout);
				if (fetched.failure() != null) {
					return AttachmentContent.unreadable(index, fetched.failure().kind(),
							AttachmentSource.essence(located.contentType()), fetched.failure().reason());
				}
				String contentType = located.contentType() != null ? located.contentType() : fetched.contentType();
				return interpret(index, contentType, fetched.bytes(), true);
			});
		}
		try {
			return interpret(index, located.contentType(), located.bytes(), false);
		} catch (InterruptedIOException e) {
			// only extraction on the extractor's own threads is interrupted; here it is a bug, not a file's fault
			throw new IllegalStateException(e);
		}
	}

	/** What the bytes are, by declared type, else by their first bytes. PDFs go to the extractor unless already on it. */
	private AttachmentContent interpret(int index, String contentType, byte[] bytes, boolean onExtractor)
			throws InterruptedIOException {
		MediaType type = MediaType.parse(contentType);
		String essence = type == null ? null : type.essence();
		if (bytes.length == 0) {
			return AttachmentContent.unreadable(index, Kind.EMPTY, essence, "it holds no data");
		}
		long maxBytes = settings.getMaxBytes().toBytes();
		if (bytes.length > maxBytes) {
			return AttachmentContent.unreadable(index, Kind.TOO_LARGE, essence,
					"it holds " + megabytes(bytes.length) + ", more than the limit of " + megabytes(maxBytes));
		}
		if (type == null || type.isGeneric()) {
			type = Sniffing.sniff(bytes);
			if (type == null) {
				return AttachmentContent.unreadable(index, Kind.UNSUPPORTED, essence,
						"its content type is not given and its bytes are neither text, PDF nor an image");
			}
		}
		if (type.isPdf()) {
			int maxPages = settings.getMaxPages();
			long maxStream = settings.getMaxDecodedStream().toBytes();
			return onExtractor
					? PdfText.extract(index, bytes, maxPages, maxStream)
					: bounded(index, type.essence(), () -> PdfText.extract(index, bytes, maxPages, maxStream));
		}
		if (type.isImage()) {
			return AttachmentContent.unreadable(index, Kind.IMAGE, type.essence(), null);
		}
		if (type.isText()) {
			return TextDecoding.decode(index, type, bytes);
		}
		return AttachmentContent.unreadable(index, Kind.UNSUPPORTED, type.essence(), "only text and PDF attachments are read");
	}

	/** Runs the work on the extractor and waits at most the extraction timeout for it. */
	private AttachmentContent bounded(int index, String contentType, Callable<AttachmentContent> work) {
		Duration timeout = settings.getExtractionTimeout();
		String essence = AttachmentSource.essence(contentType);
		Future<AttachmentContent> future;
		try {
			future = extractor.submit(work);
		} catch (RejectedExecutionException e) {
			return AttachmentContent.unreadable(index, Kind.TIMED_OUT, essence, "the server is busy reading other attachments");
		}
		try {
			return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		} catch (TimeoutException e) {
			future.cancel(true);
			return AttachmentContent.unreadable(index, Kind.TIMED_OUT, essence,
					"reading it took longer than the limit of " + timeout.toMillis() + " ms");
		} catch (InterruptedException e) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			return AttachmentContent.unreadable(index, Kind.TIMED_OUT, essence, "reading it was interrupted");
		} catch (ExecutionException e) {
			if (e.getCause() instanceof OutOfMemoryError) {
				log.warn("Reading a note attachment ran out of memory; it is reported as too large");
				return AttachmentContent.unreadable(index, Kind.TOO_LARGE, essence, "reading it needs more memory than the server has");
			}
			log.debug("Reading a note attachment failed", e.getCause());
			return AttachmentContent.unreadable(index, Kind.CORRUPT, essence,
					"it cannot be read (" + e.getCause().getClass().getSimpleName() + ")");
		}
	}

	/** {@code DocumentReference/<id>/_history/<v>}, or null for a note without a version (not cached). */
	static String versionKey(DocumentReference note) {
		String version = note.getIdElement().getVersionIdPart();
		if (version == null && note.getMeta().hasVersionId()) {
			version = note.getMeta().getVersionId();
		}
		if (version == null || !note.getIdElement().hasIdPart()) {
			return null;
		}
		return "DocumentReference/" + note.getIdElement().getIdPart() + "/_history/" + version;
	}

	static String megabytes(long bytes) {
		return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : bytes + " bytes";
	}

	@Override
	public void close() {
		extractor.shutdownNow();
	}
}
