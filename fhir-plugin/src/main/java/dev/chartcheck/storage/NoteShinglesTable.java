package dev.chartcheck.storage;

import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The table {@code CC_NOTE_SHINGLES} in the server's own database: for every stored note, what the clone check
 * needs of it (its patient, author, time and {@link dev.chartcheck.engine.clones.Shingles shingles}), written in the
 * note's own transaction. It is the clone index's truth: a server builds its in-memory index from it at start
 * (without reading a note), verifies clone candidates from it (never reading a note back), and, where several
 * servers share the database, learns from it the notes written through the others.
 *
 * <p>A row whose note is deleted, entered in error or about no patient keeps its id and version with no shingles
 * (a tombstone), so the servers that share the database see the removal too.
 *
 * <p>Created at first use with plain SQL ({@code CREATE TABLE IF NOT EXISTS}); written for the databases the
 * server supports (H2 and PostgreSQL), with a portable fallback for others.
 */
public class NoteShinglesTable {

	static final String TABLE = "CC_NOTE_SHINGLES";
	private static final String COLUMNS =
			"NOTE_ID, NOTE_VERSION, FORMAT, PATIENT_ID, AUTHOR_ID, WRITTEN_AT, SHINGLES, CHANGED_AT, WRITER";

	/** One note's row. {@code shingles} is null for a tombstone. */
	public record Row(String noteId, long version, int format, String patientId, String authorId, Instant writtenAt,
			long[] shingles, long changedAt, String writer) {

		public boolean tombstone() {
			return shingles == null;
		}
	}

	/** A stored row's version and format, without its shingles. */
	public record Version(long version, int format) {}

	private final SqlTable sql;

	/** @param entityManager the shared, transaction-bound entity manager of the server's persistence unit */
	public NoteShinglesTable(IHapiTransactionService transactions, EntityManager entityManager) {
		this.sql = new SqlTable(transactions, entityManager);
	}

	/** Creates the table and its index unless they exist. */
	public void create() {
		sql.jdbc(connection -> {
			SqlTable.Dialect found = sql.dialect(connection);
			String binary = switch (found) {
				case H2 -> "VARBINARY";
				case POSTGRES -> "BYTEA";
				case OTHER -> "BLOB";
			};
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
						+ "NOTE_ID VARCHAR(200) NOT NULL PRIMARY KEY, "
						+ "NOTE_VERSION BIGINT NOT NULL, "
						+ "FORMAT INTEGER NOT NULL, "
						+ "PATIENT_ID VARCHAR(200), "
						+ "AUTHOR_ID VARCHAR(200), "
						+ "WRITTEN_AT BIGINT, "
						+ "SHINGLES " + binary + ", "
						+ "CHANGED_AT BIGINT NOT NULL, "
						+ "WRITER VARCHAR(64) NOT NULL)");
				statement.execute("CREATE INDEX IF NOT EXISTS IDX_CC_NOTE_SHINGLES_CHANGED ON " + TABLE + " (CHANGED_AT)");
			}
			return null;
		});
	}

	/** Writes these rows (inserting or replacing), in the current transaction if there is one. */
	public void upsert(Collection<Row> rows) {
		if (rows.isEmpty()) {
			return;
		}
		sql.jdbc(connection -> {
			SqlTable.Dialect found = sql.dialect(connection);
			if (found == SqlTable.Dialect.OTHER) {
				upsertPortably(connection, rows);
				return null;
			}
			String upsert = found == SqlTable.Dialect.H2
					? "MERGE INTO " + TABLE + " (" + COLUMNS + ") KEY (NOTE_ID) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
					: "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (NOTE_ID) DO UPDATE SET "
							+ "NOTE_VERSION = EXCLUDED.NOTE_VERSION, FORMAT = EXCLUDED.FORMAT, PATIENT_ID = EXCLUDED.PATIENT_ID, "
							+ "AUTHOR_ID = EXCLUDED.AUTHOR_ID, WRITTEN_AT = EXCLUDED.WRITTEN_AT, SHINGLES = EXCLUDED.SHINGLES, "
							+ "CHANGED_AT = EXCLUDED.CHANGED_AT, WRITER = EXCLUDED.WRITER";
			try (PreparedStatement insert = connection.prepareStatement(upsert)) {
				for (Row row : rows) {
					NoteShinglesRows.bind(insert, 1, row);
					insert.addBatch();
				}
				insert.executeBatch();
			}
			return null;
		});
	}

	/** Deletes the rows of these notes (gone from storage altogether). */
	public void delete(Collection<String> noteIds) {
		if (noteIds.isEmpty()) {
			return;
		}
		sql.jdbc(connection -> {
			try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE NOTE_ID = ?")) {
				for (String id : noteIds) {
					delete.setString(1, id);
					delete.addBatch();
				}
				delete.executeBatch();
			}
			return null;
		});
	}

	/** The shingles of these notes that have them (not tombstones), by note id. */
	public Map<String, long[]> shinglesOf(Collection<String> noteIds) {
		Map<String, long[]> found = new HashMap<>();
		if (noteIds.isEmpty()) {
			return found;
		}
		List<String> ids = new ArrayList<>(noteIds);
		sql.jdbc(connection -> {
			for (int from = 0; from < ids.size(); from += 100) {
				List<String> part = ids.subList(from, Math.min(ids.size(), from + 100));
				String sql = "SELECT NOTE_ID, SHINGLES FROM " + TABLE + " WHERE SHINGLES IS NOT NULL AND NOTE_ID IN ("
						+ "?, ".repeat(part.size() - 1) + "?)";
				try (PreparedStatement select = connection.prepareStatement(sql)) {
					for (int i = 0; i < part.size(); i++) {
						select.setString(i + 1, part.get(i));
					}
					try (ResultSet result = select.executeQuery()) {
						while (result.next()) {
							found.put(result.getString(1), NoteShinglesRows.decode(result.getBytes(2)));
						}
					}
				}
			}
			return null;
		});
		return found;
	}

	/** The row of one note, if it has one. */
	public Optional<Row> row(String noteId) {
		return sql.jdbc(connection -> {
			try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE NOTE_ID = ?")) {
				select.setString(1, noteId);
				try (ResultSet result = select.executeQuery()) {
					return result.next() ? Optional.of(NoteShinglesRows.read(result)) : Optional.<Row>empty();
				}
			}
		});
	}

	/** Every row's version and format, by note id (for the start-up comparison with the stored notes). */
	public Map<String, Version> versions() {
		return sql.jdbc(connection -> {
			Map<String, Version> versions = new HashMap<>();
			try (Statement select = connection.createStatement();
					ResultSet result = select.executeQuery("SELECT NOTE_ID, NOTE_VERSION, FORMAT FROM " + TABLE)) {
				while (result.next()) {
					versions.put(result.getString(1), new Version(result.getLong(2), result.getInt(3)));
				}
			}
			return versions;
		});
	}

	/**
	 * Calls {@code action} with every row of this format that has shingles, a page at a time in note id order (each
	 * page read in a transaction of its own, so the table is never held in memory whole).
	 *
	 * @return how many rows
	 */
	public int forEach(int format, int pageSize, Consumer<Row> action) {
		String after = "";
		int count = 0;
		while (true) {
			String from = after;
			List<Row> page = sql.jdbc(connection -> {
				List<Row> rows = new ArrayList<>(pageSize);
				try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
						+ " WHERE NOTE_ID > ? AND FORMAT = ? AND SHINGLES IS NOT NULL ORDER BY NOTE_ID LIMIT " + pageSize)) {
					select.setString(1, from);
					select.setInt(2, format);
					try (ResultSet result = select.executeQuery()) {
						while (result.next()) {
							rows.add(NoteShinglesRows.read(result));
						}
					}
				}
				return rows;
			});
			page.forEach(action);
			count += page.size();
			if (page.size() < pageSize) {
				return count;
			}
			after = page.get(page.size() - 1).noteId();
		}
	}

	/** The rows changed at or after {@code since} (epoch milliseconds) by another writer than {@code writer}. */
	public List<Row> changedSince(long since, String writer) {
		return sql.jdbc(connection -> {
			List<Row> rows = new ArrayList<>();
			try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
					+ " WHERE CHANGED_AT >= ? AND WRITER <> ? ORDER BY CHANGED_AT")) {
				select.setLong(1, since);
				select.setString(2, writer);
				try (ResultSet result = select.executeQuery()) {
					while (result.next()) {
						rows.add(NoteShinglesRows.read(result));
					}
				}
			}
			return rows;
		});
	}

	/** The latest change time in the table (epoch milliseconds), 0 when it is empty. */
	public long lastChange() {
		return sql.jdbc(connection -> {
			try (Statement select = connection.createStatement();
					ResultSet result = select.executeQuery("SELECT MAX(CHANGED_AT) FROM " + TABLE)) {
				return result.next() ? result.getLong(1) : 0L;
			}
		});
	}

	/**
	 * The table's latest change, in short (one read of its index): it moves whenever a row is added or changed (a note
	 * written, updated, removed or entered in error), by any server whose clock runs on.
	 */
	public String fingerprint() {
		return String.valueOf(lastChange());
	}

	private static void upsertPortably(Connection connection, Collection<Row> rows) throws SQLException {
		try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET NOTE_ID = ?, NOTE_VERSION = ?, "
				+ "FORMAT = ?, PATIENT_ID = ?, AUTHOR_ID = ?, WRITTEN_AT = ?, SHINGLES = ?, CHANGED_AT = ?, WRITER = ? WHERE NOTE_ID = ?");
				PreparedStatement insert = connection.prepareStatement(
						"INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
			for (Row row : rows) {
				NoteShinglesRows.bind(update, 1, row);
				update.setString(10, row.noteId());
				if (update.executeUpdate() == 0) {
					NoteShinglesRows.bind(insert, 1, row);
					insert.executeUpdate();
				}
			}
		}
	}
}
