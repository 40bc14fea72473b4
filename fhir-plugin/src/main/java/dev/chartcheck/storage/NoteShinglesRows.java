package dev.chartcheck.storage;

import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** How a {@link NoteShinglesTable.Row} is written to and read from JDBC. */
final class NoteShinglesRows {

	private NoteShinglesRows() {}

	/** Binds a row to nine parameters from {@code first}, in the order of the table's columns. */
	static void bind(PreparedStatement statement, int first, NoteShinglesTable.Row row) throws SQLException {
		statement.setString(first, row.noteId());
		statement.setLong(first + 1, row.version());
		statement.setInt(first + 2, row.format());
		statement.setString(first + 3, row.patientId());
		statement.setString(first + 4, row.authorId());
		if (row.writtenAt() == null) {
			statement.setNull(first + 5, Types.BIGINT);
		} else {
			statement.setLong(first + 5, row.writtenAt().toEpochMilli());
		}
		if (row.shingles() == null) {
			statement.setNull(first + 6, Types.VARBINARY);
		} else {
			statement.setBytes(first + 6, encode(row.shingles()));
		}
		statement.setLong(first + 7, row.changedAt());
		statement.setString(first + 8, row.writer());
	}

	/** The row at the result's cursor (its columns in the table's order). */
	static NoteShinglesTable.Row read(ResultSet result) throws SQLException {
		long written = result.getLong(6);
		Instant writtenAt = result.wasNull() ? null : Instant.ofEpochMilli(written);
		byte[] shingles = result.getBytes(7);
		return new NoteShinglesTable.Row(result.getString(1), result.getLong(2), result.getInt(3), result.getString(4), result.getString(5),
				writtenAt, shingles == null ? null : decode(shingles), result.getLong(8), result.getString(9));
	}

	/** Shingles as stored: 8 bytes each, big-endian, in text order. */
	static byte[] encode(long[] shingles) {
		ByteBuffer buffer = ByteBuffer.allocate(8 * shingles.length);
		buffer.asLongBuffer().put(shingles);
		return buffer.array();
	}

	static long[] decode(byte[] bytes) {
		long[] shingles = new long[bytes.length / 8];
		ByteBuffer.wrap(bytes).asLongBuffer().get(shingles);
		return shingles;
	}
}
