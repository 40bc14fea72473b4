package dev.chartcheck.standards;

import dev.chartcheck.engine.AttachmentContent;
import java.util.List;
import java.util.stream.Collectors;

/** Names pages in plain words ("pages 3 and 5 of 5 of attachment 2"), so a finding says where to look. */
final class PageList {

	private PageList() {}

	/**
	 * What an attachment's pages lack, or null when they lack nothing: "Page 3 of 5 does not show the patient's
	 * name", "Pages 2 and 4 of 4 of attachment 2 do not show the patient's name or identification number"…
	 */
	static String describe(AttachmentContent attachment, boolean nameAttachment, List<Integer> noName, List<Integer> noIdentifier) {
		if (noName.isEmpty() && noIdentifier.isEmpty()) {
			return null;
		}
		String where = nameAttachment ? " of attachment " + (attachment.index() + 1) : "";
		if (noName.equals(noIdentifier)) {
			return pages(noName, attachment.pages().size()) + where + " " + verb(noName) + " the patient's name or identification number";
		}
		StringBuilder sentence = new StringBuilder();
		if (!noName.isEmpty()) {
			sentence.append(pages(noName, attachment.pages().size())).append(where).append(' ').append(verb(noName))
					.append(" the patient's name");
		}
		if (!noIdentifier.isEmpty()) {
			String part = pages(noIdentifier, attachment.pages().size()) + where + " " + verb(noIdentifier)
					+ " the patient's identification number";
			sentence.append(sentence.length() == 0 ? part : ", and " + lowerFirst(part));
		}
		return sentence.toString();
	}

	/** "Page 3 of 5", "Pages 2, 3 and 5 of 5", "The only page" for a one-page attachment. */
	static String pages(List<Integer> numbers, int total) {
		if (total == 1) {
			return "The page";
		}
		if (numbers.size() == 1) {
			return "Page " + numbers.get(0) + " of " + total;
		}
		String head = numbers.subList(0, numbers.size() - 1).stream().map(String::valueOf).collect(Collectors.joining(", "));
		return "Pages " + head + " and " + numbers.get(numbers.size() - 1) + " of " + total;
	}

	/** Page numbers for a finding: "2, 3 and 5". */
	static String numbers(List<Integer> numbers) {
		if (numbers.size() == 1) {
			return String.valueOf(numbers.get(0));
		}
		String head = numbers.subList(0, numbers.size() - 1).stream().map(String::valueOf).collect(Collectors.joining(", "));
		return head + " and " + numbers.get(numbers.size() - 1);
	}

	private static String verb(List<Integer> numbers) {
		return numbers.size() == 1 ? "does not show" : "do not show";
	}

	private static String lowerFirst(String text) {
		return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}
}
