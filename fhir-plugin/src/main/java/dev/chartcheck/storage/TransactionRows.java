package dev.chartcheck.storage;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows written with the current transaction: kept by key until it is about to commit, then stored together (in the
 * transaction, so that they commit or roll back with it), and applied once it has committed. Outside a transaction a
 * row is stored and applied at once.
 *
 * @param <R> the row
 */
final class TransactionRows<R> {

	private final Consumer<Collection<R>> store;
	private final Consumer<R> apply;
	private final Runnable afterApply;

	/**
	 * @param store stores rows, in the transaction
	 * @param apply applies a row once the transaction has committed
	 * @param afterApply runs once a transaction's rows are applied
	 */
	TransactionRows(Consumer<Collection<R>> store, Consumer<R> apply, Runnable afterApply) {
		this.store = store;
		this.apply = apply;
		this.afterApply = afterApply;
	}

	/** Adds (or replaces) the row of {@code key} in the current transaction. */
	void put(String key, R row) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			store.accept(List.of(row));
			apply.accept(row);
			afterApply.run();
			return;
		}
		@SuppressWarnings("unchecked")
		Map<String, R> rows = (Map<String, R>) TransactionSynchronizationManager.getResource(this);
		if (rows == null) {
			Map<String, R> created = new LinkedHashMap<>();
			TransactionSynchronizationManager.bindResource(this, created);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					store.accept(created.values());
				}

				@Override
				public void afterCommit() {
					created.values().forEach(apply);
					afterApply.run();
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(TransactionRows.this);
				}
			});
			rows = created;
		}
		rows.put(key, row);
	}
}
