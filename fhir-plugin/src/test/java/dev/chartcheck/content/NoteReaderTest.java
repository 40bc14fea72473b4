package dev.chartcheck.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.AttachmentContent.Kind;
import dev.chartcheck.engine.NoteContent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Reading attachments: every kind of content, every hostile input, ends as text or as a reason, never a crash. */
class NoteReaderTest {

	private final AttachmentSettings settings = new AttachmentSettings();
	private final NoteReader reader = new NoteReader(null, settings, Clock.systemUTC());

	@AfterEach
	void stop() {
		reader.close();
	}

	private int versions;

	/** Each read is of a new note version, so that nothing comes from the cache. */
	private AttachmentContent read(String contentType, byte[] data) {
		return only(note(String.valueOf(++versions), new Attachment().setContentType(contentType).setData(data)));
	}

	private AttachmentContent only(DocumentReference note) {
		NoteContent content = reader.read(note);
		assertThat(content.attachments()).hasSize(1);
		return content.attachments().get(0);
	}

	private static DocumentReference note(String version, Attachment... attachments) {
		DocumentReference note = new DocumentReference();
		note.setId("DocumentReference/n1/_history/" + version);
		for (Attachment attachment : attachments) {
			note.addContent().setAttachment(attachment);
		}
		return note;
	}

	@Test
	void plainTextIsOnePageOrSplitAtFormFeeds() {
		assertThat(read("text/plain", "Jane Doe MRN-1001\nSeen today.".getBytes(StandardCharsets.UTF_8)).pages())
				.containsExactly("Jane Doe MRN-1001\nSeen today.");
		AttachmentContent paged = read("text/plain; charset=utf-8", "page one\fpage two\fpage three\f".getBytes(StandardCharsets.UTF_8));
		assertThat(paged.kind()).isEqualTo(Kind.TEXT);
		assertThat(paged.contentType()).isEqualTo("text/plain");
		assertThat(paged.pages()).containsExactly("page one", "page two", "page three");
	}

	@Test
	void aDeclaredCharsetIsHonouredAndUndeclaredTextMustBeUtf8OrMarked() {
		byte[] latin1 = "José García".getBytes(StandardCharsets.ISO_8859_1);
		assertThat(read("text/plain; charset=ISO-8859-1", latin1).pages()).containsExactly("José García");
		AttachmentContent undeclared = read("text/plain", latin1);
		assertThat(undeclared.kind()).isEqualTo(Kind.UNDECODABLE);
		assertThat(undeclared.reason()).contains("not valid UTF-8");
		assertThat(read("text/plain; charset=UTF-8", latin1).kind()).isEqualTo(Kind.UNDECODABLE);
		assertThat(read("text/plain; charset=klingon", latin1).reason()).contains("klingon");

		byte[] utf16 = "\uFEFFJosé".getBytes(StandardCharsets.UTF_16BE);
		assertThat(read("text/plain", utf16).pages()).containsExactly("José");
		byte[] bom8 = "\uFEFFJosé".getBytes(StandardCharsets.UTF_8);
		assertThat(read("text/plain", bom8).pages()).containsExactly("José");
	}

	@Test
	void binaryBytesDeclaredAsTextAreUndecodable() {
		assertThat(read("text/plain", new byte[] {0, 0, 0, 1}).reason()).contains("binary");
	}

	@Test
	void pdfPagesAreExtractedOneByOne() {
		AttachmentContent pdf = read("application/pdf", TestPdfs.text(List.of("Jane Doe\nMRN-1001", "second page", "third")));
		assertThat(pdf.kind()).isEqualTo(Kind.PDF);
		assertThat(pdf.pages()).hasSize(3);
		assertThat(pdf.pages().get(0)).contains("Jane Doe", "MRN-1001");
		assertThat(pdf.pages().get(1)).contains("second page").doesNotContain("third");
		assertThat(pdf.pagesWithoutText()).isEmpty();
	}

	@Test
	void scannedPdfPagesHaveNoText() {
		AttachmentContent scan = read("application/pdf", TestPdfs.imageOnly(2));
		assertThat(scan.kind()).isEqualTo(Kind.PDF);
		assertThat(scan.pagesWithoutText()).containsExactly(1, 2);
	}

	@Test
	void withoutAUsefulContentTypeTheBytesDecide() {
		assertThat(read(null, TestPdfs.text(List.of("x"))).kind()).isEqualTo(Kind.PDF);
		assertThat(read("application/octet-stream", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10}).contentType()).isEqualTo("image/png");
		assertThat(read(null, "plain words".getBytes(StandardCharsets.UTF_8)).kind()).isEqualTo(Kind.TEXT);
		assertThat(read(null, new byte[] {(byte) 0xC3, 0x28, 0x00}).kind()).isEqualTo(Kind.UNSUPPORTED);
	}

	@Test
	void imagesEmptinessAndOtherFormatsAreNamed() {
		assertThat(read("image/png", new byte[] {1, 2, 3}).kind()).isEqualTo(Kind.IMAGE);
		assertThat(read("text/plain", new byte[0]).kind()).isEqualTo(Kind.EMPTY);
		assertThat(only(note("x" + (++versions), new Attachment().setContentType("text/plain").setTitle("note"))).kind()).isEqualTo(Kind.EMPTY);
		assertThat(read("application/msword", new byte[] {1, 2}).kind()).isEqualTo(Kind.UNSUPPORTED);
	}

	@Test
	void urlsOutsideTheAllowListAreNotFetched() {
		assertThat(only(note("x" + (++versions), new Attachment().setUrl("http://169.254.169.254/latest/meta-data"))).reason())
				.contains("url-allow");
		assertThat(only(note("x" + (++versions), new Attachment().setUrl("file:///etc/passwd"))).kind()).isEqualTo(Kind.UNFETCHABLE);
		assertThat(only(note("x" + (++versions), new Attachment().setUrl("#missing"))).kind()).isEqualTo(Kind.UNFETCHABLE);
		settings.setUrlAllow(List.of("https://docs.example.org"));
		assertThat(AttachmentSource.allows("https://docs.example.org", "https://docs.example.org/n/1")).isTrue();
		assertThat(AttachmentSource.allows("https://docs.example.org", "https://docs.example.org.evil.net/n/1")).isFalse();
		assertThat(AttachmentSource.allows("https://docs.example.org", "https://docs.example.org@evil.net/")).isFalse();
		assertThat(AttachmentSource.allows("https://docs.example.org/", "https://docs.example.org/n/1")).isTrue();
	}

	@Test
	void aContainedBinaryIsRead() {
		DocumentReference note = note("1", new Attachment().setUrl("#scan"));
		note.addContained(new org.hl7.fhir.r4.model.Binary().setContentType("text/plain")
				.setData("Jane Doe".getBytes(StandardCharsets.UTF_8)).setId("scan"));
		assertThat(only(note).pages()).containsExactly("Jane Doe");
	}

	@Test
	void oversizedAttachmentsAreNotRead() {
		settings.setMaxBytes(DataSize.ofBytes(100));
		AttachmentContent big = read("text/plain", new byte[101]);
		assertThat(big.kind()).isEqualTo(Kind.TOO_LARGE);
		assertThat(big.reason()).contains("limit of 100 bytes");
		Attachment declared = new Attachment().setUrl("http://elsewhere.example/n").setSize(1000);
		assertThat(only(note("x" + (++versions), declared)).kind()).isEqualTo(Kind.TOO_LARGE);
	}

	@Test
	void aPdfWithTooManyPagesIsRefusedBeforeAnyPageIsRead() {
		settings.setMaxPages(50);
		AttachmentContent many = read("application/pdf", TestPdfs.blankPages(51));
		assertThat(many.kind()).isEqualTo(Kind.TOO_MANY_PAGES);
		assertThat(many.reason()).contains("51 pages", "limit of 50");
	}

	@Test
	void aDecompressionBombIsRefusedWithoutInflatingIt() {
		settings.setMaxDecodedStream(DataSize.ofMegabytes(1));
		byte[] bomb = TestPdfs.decompressionBomb(8L << 20);
		assertThat(bomb.length).isLessThan(64 * 1024);
		AttachmentContent refused = read("application/pdf", bomb);
		assertThat(refused.kind()).isEqualTo(Kind.TOO_LARGE);
		assertThat(refused.reason()).contains("decompression bomb");
	}

	@Test
	void aCorruptPdfIsReportedNotThrown() {
		AttachmentContent corrupt = read("application/pdf", TestPdfs.corrupt());
		assertThat(corrupt.kind()).isEqualTo(Kind.CORRUPT);
		assertThat(read("application/pdf", "not a pdf at all".getBytes(StandardCharsets.UTF_8)).kind()).isEqualTo(Kind.CORRUPT);
	}

	@Test
	void extractionThatOutlivesTheTimeoutIsReportedAndNotKeptForever() {
		settings.setExtractionTimeout(Duration.ofNanos(1));
		AttachmentContent slow = read("application/pdf", TestPdfs.text(List.of("a", "b", "c")));
		assertThat(slow.kind()).isEqualTo(Kind.TIMED_OUT);
		settings.setExtractionTimeout(Duration.ofSeconds(10));
		// same note version: the timeout is remembered for a while, so a bomb is not re-run on every write
		DocumentReference same = note(String.valueOf(versions), new Attachment().setContentType("application/pdf")
				.setData(TestPdfs.text(List.of("a"))));
		assertThat(only(same).kind()).isEqualTo(Kind.TIMED_OUT);
		assertThat(read("application/pdf", TestPdfs.text(List.of("a"))).kind()).isEqualTo(Kind.PDF);
	}

	@Test
	void eachNoteVersionIsReadOnce() {
		DocumentReference note = note("1", new Attachment().setContentType("application/pdf").setData(TestPdfs.text(List.of("a"))),
				new Attachment().setContentType("text/plain").setData("b".getBytes(StandardCharsets.UTF_8)));
		NoteContent first = reader.read(note);
		assertThat(reader.cached()).isEqualTo(2);
		assertThat(reader.read(note)).isEqualTo(first);
		assertThat(first.text()).contains("a").endsWith("b");
		DocumentReference unversioned = new DocumentReference();
		unversioned.addContent().getAttachment().setContentType("text/plain").setData("c".getBytes(StandardCharsets.UTF_8));
		reader.read(unversioned);
		assertThat(reader.cached()).isEqualTo(2);
	}
}
