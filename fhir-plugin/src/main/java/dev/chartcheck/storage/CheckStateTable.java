package dev.chartcheck.storage;

import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartcheck.check.CheckStates;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The table {@code CC_CHECK_STATE} in the server's own database: one row per patient record, holding the record's
 * write count (counted up by {@link RecordWrites} in each writing transaction) and the state its last persisted check
 * noted (see {@link CheckStates}); and one row, {@value #SHARED}, counting the writes to what records share.
 *
 * <p>Created at first use with plain SQL ({@code CREATE TABLE IF NOT EXISTS}), for H2 and PostgreSQL, with a
 * portable fallback for others.
 */
public class CheckStateTable implements CheckStates {

	static final String TABLE = "CC_CHECK_STATE";
	/** The row counting writes to shared resources (clinicians, organizations, medications): no FHIR id has a '*'. */
	static final String SHARED = "*shared*";
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final TypeReference<Map<String, Map<String, int[]>>> COUNTS = new TypeReference<>() {};
	private static final String STATE_COLUMNS =
			"WRITE_SEQ, CHECKED_SEQ, SHARED_SEQ, CLONES, CONFIGURATION, STANDARDS, RECHECK_AFTER, COUNTS";

	private final SqlTable sql;
	private final NoteClones clones;
	private final NoteShinglesTable shingles;

	/** @param entityManager the shared, transaction-bound entity manager of the server's persistence unit */
	public CheckStateTable(IHapiTransactionService transactions, EntityManager entityManager, NoteClones clones,
			NoteShinglesTable shingles) {
		this.sql = new SqlTable(transactions, entityManager);
		this.clones = clones;
		this.shingles = shingles;
	}

	/** Creates the table unless it exists. */
	public void create() {
		sql.jdbc(connection -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
						+ "PATIENT_ID VARCHAR(200) NOT NULL PRIMARY KEY, "
						+ "WRITE_SEQ BIGINT NOT NULL, "
						+ "CHECKED_SEQ BIGINT NOT NULL, "
						+ "SHARED_SEQ BIGINT NOT NULL, "
						+ "CLONES VARCHAR(400), "
						+ "CONFIGURATION VARCHAR(64), "
						+ "STANDARDS VARCHAR(4000), "
						+ "RECHECK_AFTER BIGINT, "
						+ "COUNTS VARCHAR(1000000))");
			}
			return null;
		});
	}

	/**
	 * Counts up the write count of each record ({@code Patient/123}, or {@value #SHARED}), in the current transaction,
	 * in a fixed order (so that two transactions writing to the same records cannot deadlock on them).
	 */
	void countWrites(Collection<String> records) {
		if (records.isEmpty()) {
			return;
		}
		sql.jdbc(connection -> {
			try (PreparedStatement update = connection.prepareStatement(
					"UPDATE " + TABLE + " SET WRITE_SEQ = WRITE_SEQ + 1 WHERE PATIENT_ID = ?")) {
				for (String record : new TreeSet<>(records)) {
					update.setString(1, record);
					if (update.executeUpdate() == 0) {
						insertCounted(connection, update, record);
					}
				}
			}
			return null;
		});
	}

	/** A record counted for the first time: its row, written once, even when another transaction adds it meanwhile. */
	private void insertCounted(Connection connection, PreparedStatement update, String record) throws SQLException {
		if (postgres(connection)) {
			try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + TABLE
					+ " (PATIENT_ID, WRITE_SEQ, CHECKED_SEQ, SHARED_SEQ) VALUES (?, 1, -1, 0) "
					+ "ON CONFLICT (PATIENT_ID) DO UPDATE SET WRITE_SEQ = " + TABLE + ".WRITE_SEQ + 1")) {
				upsert.setString(1, record);
				upsert.executeUpdate();
			}
			return;
		}
		try (PreparedStatement insert = connection.prepareStatement(
				"INSERT INTO " + TABLE + " (PATIENT_ID, WRITE_SEQ, CHECKED_SEQ, SHARED_SEQ) VALUES (?, 1, -1, 0)")) {
			insert.setString(1, record);
			insert.executeUpdate();
		} catch (SQLException e) {
			// added by another transaction in the meantime (H2 waits for it, then refuses the duplicate key)
			if (update.executeUpdate() == 0) {
				throw e;
			}
		}
	}

	@Override
	public Stamp stamp(String patientId) {
		return sql.jdbc(connection -> new Stamp(writes(connection, patientId), writes(connection, SHARED)));
	}

	@Override
	public long shared() {
		return sql.jdbc(connection -> writes(connection, SHARED));
	}

	@Override
	public String clonesStamp() {
		return clones.stamp() + "/" + shingles.fingerprint();
	}

	@Override
	public void record(String patientId, State state) {
		sql.jdbc(connection -> {
			try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET CHECKED_SEQ = ?, "
					+ "SHARED_SEQ = ?, CLONES = ?, CONFIGURATION = ?, STANDARDS = ?, RECHECK_AFTER = ?, COUNTS = ? WHERE PATIENT_ID = ?")) {
				bindState(update, 1, state);
				update.setString(8, patientId);
				if (update.executeUpdate() > 0) {
					return null;
				}
			}
			// never written since the table exists: the row starts at the write count the check started from
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (PATIENT_ID, WRITE_SEQ, "
					+ "CHECKED_SEQ, SHARED_SEQ, CLONES, CONFIGURATION, STANDARDS, RECHECK_AFTER, COUNTS) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
					+ (postgres(connection) ? " ON CONFLICT (PATIENT_ID) DO NOTHING" : ""))) {
				insert.setString(1, patientId);
				insert.setLong(2, state.checkedAt());
				bindState(insert, 3, state);
				insert.executeUpdate();
			} catch (SQLException e) {
				// a write counted the record meanwhile: its state stays unchecked, which is right
			}
			return null;
		});
	}

	@Override
	public Map<String, State> states(Collection<String> patientIds) {
		Map<String, State> states = new HashMap<>();
		if (patientIds.isEmpty()) {
			return states;
		}
		List<String> ids = List.copyOf(patientIds);
		String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
		return sql.jdbc(connection -> {
			try (PreparedStatement select = connection.prepareStatement(
					"SELECT PATIENT_ID, " + STATE_COLUMNS + " FROM " + TABLE + " WHERE PATIENT_ID IN (" + marks + ")")) {
				for (int i = 0; i < ids.size(); i++) {
					select.setString(i + 1, ids.get(i));
				}
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						if (rows.getString("CONFIGURATION") != null) {
							states.put(rows.getString("PATIENT_ID"), state(rows));
						}
					}
				}
			}
			return states;
		});
	}

	private static State state(ResultSet row) throws SQLException {
		long recheck = row.getLong("RECHECK_AFTER");
		Instant recheckAfter = row.wasNull() ? null : Instant.ofEpochMilli(recheck);
		String standards = row.getString("STANDARDS");
		try {
			return new State(row.getLong("WRITE_SEQ"), row.getLong("CHECKED_SEQ"), row.getLong("SHARED_SEQ"),
					row.getString("CLONES"), row.getString("CONFIGURATION"),
					standards.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(standards.split(","))),
					recheckAfter, JSON.readValue(row.getString("COUNTS"), COUNTS));
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("A record's check state in " + TABLE + " cannot be read", e);
		}
	}

	private static void bindState(PreparedStatement statement, int from, State state) throws SQLException {
		statement.setLong(from, state.checkedAt());
		statement.setLong(from + 1, state.shared());
		statement.setString(from + 2, state.clones());
		statement.setString(from + 3, state.configuration());
		statement.setString(from + 4, String.join(",", new TreeSet<>(state.standards())));
		if (state.recheckAfter() == null) {
			statement.setNull(from + 5, Types.BIGINT);
		} else {
			// a millisecond early at most: checked again no later than time changes a finding
			statement.setLong(from + 5, state.recheckAfter().toEpochMilli());
		}
		try {
			statement.setString(from + 6, JSON.writeValueAsString(state.counts()));
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("A record's compliance counts cannot be written", e);
		}
	}

	private static long writes(Connection connection, String record) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("SELECT WRITE_SEQ FROM " + TABLE + " WHERE PATIENT_ID = ?")) {
			select.setString(1, record);
			try (ResultSet row = select.executeQuery()) {
				return row.next() ? row.getLong(1) : 0L;
			}
		}
	}

	private boolean postgres(Connection connection) throws SQLException {
		return sql.dialect(connection) == SqlTable.Dialect.POSTGRES;
	}
}
