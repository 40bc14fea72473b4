package dev.chartcheck.storage;

import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

/** What Chartcheck's own tables share: JDBC work in the server's transaction, and which database it is. */
final class SqlTable {

	enum Dialect {
		H2, POSTGRES, OTHER
	}

	private final IHapiTransactionService transactions;
	private final EntityManager entityManager;
	private volatile Dialect dialect;

	/** @param entityManager the shared, transaction-bound entity manager of the server's persistence unit */
	SqlTable(IHapiTransactionService transactions, EntityManager entityManager) {
		this.transactions = transactions;
		this.entityManager = entityManager;
	}

	/** Runs JDBC work on the connection of the current transaction, or of a new one when there is none. */
	<T> T jdbc(ReturningWork<T> work) {
		return transactions.withSystemRequest().execute(() -> entityManager.unwrap(Session.class).doReturningWork(work));
	}

	/** The database the connection is to (asked once). */
	Dialect dialect(Connection connection) throws SQLException {
		Dialect known = dialect;
		if (known == null) {
			String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			known = product.contains("h2") ? Dialect.H2 : product.contains("postgres") ? Dialect.POSTGRES : Dialect.OTHER;
			dialect = known;
		}
		return known;
	}
}
