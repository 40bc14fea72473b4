package dev.chartcheck.engine.clones;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoteTextTest {

	@Test
	void lowerCasesFoldsAccentsAndCollapsesWhiteSpace() {
		assertThat(NoteText.normalize("  Café   Naïve\n\n\tRÉSUMÉ  "))
				.isEqualTo("cafe naive resume");
		assertThat(NoteText.normalize("Pt. c/o Sx,  \"better\"!")).isEqualTo("pt c o sx better");
	}

	@Test
	void isoDatesAndFhirDateTimesBecomeOnePlaceholder() {
		assertThat(NoteText.normalize("Seen 2025-03-01 for f/u")).isEqualTo("seen <date> for f u");
		assertThat(NoteText.normalize("date 2024-01-25T17:43:39.551+00:00 end")).isEqualTo("date <date> end");
		assertThat(NoteText.normalize("at 2024-01-25T17:43Z end")).isEqualTo("at <date> end");
	}

	@Test
	void numericAndSpelledOutDatesBecomeThePlaceholder() {
		assertThat(NoteText.words("on 03/01/2025, 3-1-25 and 31/12/2024")).containsExactly("on", "<date>", "<date>",
				"and", "<date>");
		assertThat(NoteText.words("March 1, 2025; Mar. 1st 2025; 1 March 2025; March 2025; March 1"))
				.containsExactly("<date>", "<date>", "<date>", "<date>", "<date>");
		assertThat(NoteText.words("since SEPT 3rd, 2021")).containsExactly("since", "<date>");
	}

	@Test
	void timesBecomeTheirOwnPlaceholder() {
		assertThat(NoteText.words("at 10:15, 10:15:30, 9:05 PM, 10 am and 7 p.m.")).containsExactly("at", "<time>",
				"<time>", "<time>", "<time>", "and", "<time>");
	}

	@Test
	void valuesThatOnlyLookLikeDatesStay() {
		assertThat(NoteText.normalize("BP 120/80, take 1/2 tablet, ratio 3:1, gravida 2-1-0"))
				.isEqualTo("bp 120 80 take 1 2 tablet ratio 3 1 gravida 2 1 0");
		assertThat(NoteText.normalize("The patient may return in 2 weeks; may 5 mg help?"))
				.isEqualTo("the patient may return in 2 weeks may 5 mg help");
		assertThat(NoteText.normalize("45/13/2025 is not a day")).isEqualTo("45 13 2025 is not a day");
	}

	@Test
	void numbersStayAndSplitFromUnits() {
		assertThat(NoteText.words("metformin 500mg BID, A1c 7.2%, temp 98.6F, 1,000 units"))
				.containsExactly("metformin", "500", "mg", "bid", "a", "1", "c", "7.2", "temp", "98.6", "f", "1", "000", "units");
	}

	@Test
	void apostrophesInsideWordsAreDropped() {
		assertThat(NoteText.words("patient's mother didn\u2019t call 'today'")).containsExactly("patients", "mother",
				"didnt", "call", "today");
	}

	@Test
	void theHashesAreTheHashesOfTheWords() {
		String text = "Follow-up on 03/01/2025 at 10:15: Café visit, BP 128/82.";
		long[] expected = NoteText.words(text).stream().mapToLong(NoteText::hashOf).toArray();

		assertThat(NoteText.wordHashes(text)).containsExactly(expected);
		assertThat(NoteText.wordHashes(null)).isEmpty();
	}

	@Test
	void aCopyForwardWithNewDatesReadsTheSame() {
		String first = "Visit 01/05/2025 10:30 AM. Doing well on lisinopril 10 mg. Recheck in March 2025.";
		String copy = "Visit 2025-02-09 2:15 pm. Doing well on lisinopril 10 mg. Recheck in Apr 2025.";

		assertThat(NoteText.normalize(copy)).isEqualTo(NoteText.normalize(first));
	}
}
