package dev.chartcheck.content;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * Limits on reading notes' attachments ({@code chartcheck.attachments.*}): what a hostile or broken file may cost
 * the server before it is reported instead of read. Read on every use, so a change applies to the next check.
 */
public class AttachmentSettings {
	/** The largest attachment read; a bigger one is a legibility finding, not read. */
	private DataSize maxBytes = DataSize.ofMegabytes(20);
	/** The most pages a PDF may have; more is a finding, and no page is read. */
	private int maxPages = 500;
	/** How long reading one attachment (fetching it, extracting a PDF's text) may take. */
	private Duration extractionTimeout = Duration.ofSeconds(10);
	/** The most one compressed PDF stream may expand to; beyond it the PDF is taken for a decompression bomb. */
	private DataSize maxDecodedStream = DataSize.ofMegabytes(32);
	/** Prefixes of external http(s) URLs that may be fetched; none by default (no server-side fetches). */
	private List<String> urlAllow = new ArrayList<>();
	/** Threads that extract PDF text and fetch URLs, beside the request threads. */
	private int extractionThreads = 2;
	/** Memory for extracted text kept between checks (per note version), counted as two bytes a character. */
	private DataSize cacheSize = DataSize.ofMegabytes(32);

	public DataSize getMaxBytes() {
		return maxBytes;
	}

	public void setMaxBytes(DataSize maxBytes) {
		this.maxBytes = maxBytes;
	}

	public int getMaxPages() {
		return maxPages;
	}

	public void setMaxPages(int maxPages) {
		this.maxPages = maxPages;
	}

	public Duration getExtractionTimeout() {
		return extractionTimeout;
	}

	public void setExtractionTimeout(Duration extractionTimeout) {
		this.extractionTimeout = extractionTimeout;
	}

	public DataSize getMaxDecodedStream() {
		return maxDecodedStream;
	}

	public void setMaxDecodedStream(DataSize maxDecodedStream) {
		this.maxDecodedStream = maxDecodedStream;
	}

	public List<String> getUrlAllow() {
		return urlAllow;
	}

	public void setUrlAllow(List<String> urlAllow) {
		this.urlAllow = urlAllow;
	}

	public int getExtractionThreads() {
		return extractionThreads;
	}

	public void setExtractionThreads(int extractionThreads) {
		this.extractionThreads = extractionThreads;
	}

	public DataSize getCacheSize() {
		return cacheSize;
	}

	public void setCacheSize(DataSize cacheSize) {
		this.cacheSize = cacheSize;
	}
}
