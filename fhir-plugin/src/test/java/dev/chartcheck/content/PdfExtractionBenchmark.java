package dev.chartcheck.content;

import dev.chartcheck.engine.AttachmentContent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF text extraction throughput, in pages per second, on generated multi-page text PDFs: the whole path a note's
 * PDF takes ({@link PdfText#extract}: load, page-count check, decompression-bomb scan, page-by-page extraction), on
 * one thread, against a baseline measured in the same run: plain PDFBox ({@code Loader.loadPDF} and one
 * {@code PDFTextStripper.getText} for the whole document, no limits). Rounds alternate between the two. A smoke
 * measurement, not a tuned JMH run: warm-up rounds, then timed rounds, medians reported.
 *
 * <p>Run: {@code mvn -B -q -pl fhir-plugin -am -Dsynthea.skip=true -DskipTests -Ppdf-benchmark test}; system
 * properties {@code bench.documents}, {@code bench.pages}, {@code bench.lines}, {@code bench.warmup},
 * {@code bench.rounds} change the workload.
 */
public final class PdfExtractionBenchmark {

	private PdfExtractionBenchmark() {}

	public static void main(String[] args) throws Exception {
		int documents = Integer.getInteger("bench.documents", 20);
		int pages = Integer.getInteger("bench.pages", 25);
		int lines = Integer.getInteger("bench.lines", 40);
		int warmup = Integer.getInteger("bench.warmup", 5);
		int rounds = Integer.getInteger("bench.rounds", 7);

		List<byte[]> pdfs = new ArrayList<>();
		long bytes = 0;
		for (int d = 0; d < documents; d++) {
			List<String> text = new ArrayList<>();
			for (int p = 0; p < pages; p++) {
				StringBuilder page = new StringBuilder("Patient: Jane Doe    MRN: MRN-" + (1000 + d) + "    page " + (p + 1) + "\n");
				for (int l = 0; l < lines; l++) {
					page.append("Line ").append(l).append(": assessment and plan discussed, vitals stable, follow up in two weeks.\n");
				}
				text.add(page.toString());
			}
			byte[] pdf = TestPdfs.text(text);
			bytes += pdf.length;
			pdfs.add(pdf);
		}
		System.out.printf(Locale.ROOT, "PDF extraction smoke benchmark: %d documents x %d pages (%d lines/page), %.1f KB/document%n",
				documents, pages, lines, bytes / 1024.0 / documents);

		double[] chartcheck = new double[rounds];
		double[] plain = new double[rounds];
		for (int r = -warmup; r < rounds; r++) {
			String label = r < 0 ? "warm-up " + (r + warmup + 1) : "round " + (r + 1);
			// alternate which goes first, so that a drift of the machine weighs on both
			boolean chartcheckFirst = Math.floorMod(r, 2) == 0;
			for (int leg = 0; leg < 2; leg++) {
				boolean ours = (leg == 0) == chartcheckFirst;
				double rate = pages * documents / time(pdfs, pages, ours);
				if (r >= 0) {
					(ours ? chartcheck : plain)[r] = rate;
				}
				System.out.printf(Locale.ROOT, "%s %s: %.0f pages/s%n", label, ours ? "chartcheck" : "plain PDFBox", rate);
			}
		}
		Arrays.sort(chartcheck);
		Arrays.sort(plain);
		System.out.printf(Locale.ROOT, "chartcheck median %.0f pages/s (min %.0f, max %.0f); plain PDFBox median %.0f pages/s "
						+ "(min %.0f, max %.0f); ratio %.2f; %d cores, Java %s%n",
				chartcheck[rounds / 2], chartcheck[0], chartcheck[rounds - 1], plain[rounds / 2], plain[0], plain[rounds - 1],
				chartcheck[rounds / 2] / plain[rounds / 2], Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.version"));
	}

	/** Seconds to extract every document, Chartcheck's way or plain PDFBox's. */
	private static double time(List<byte[]> pdfs, int pages, boolean chartcheck) throws Exception {
		long start = System.nanoTime();
		for (byte[] pdf : pdfs) {
			if (chartcheck) {
				AttachmentContent content = PdfText.extract(0, pdf, 500, 32L << 20);
				if (content.pages().size() != pages) {
					throw new IllegalStateException("extraction failed: " + content.kind() + " " + content.reason());
				}
			} else {
				try (PDDocument document = Loader.loadPDF(pdf)) {
					if (new PDFTextStripper().getText(document).isEmpty()) {
						throw new IllegalStateException("no text");
					}
				}
			}
		}
		return (System.nanoTime() - start) / 1e9;
	}
}
