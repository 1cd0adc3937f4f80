//! The coordinator tables (`deploy/postgres/coordinator.sql`), created when missing each time
//! a process connects, so that a release that adds one (as `adal_pending_removal` was added)
//! needs no manual step on a running cluster. Only missing tables are created: the role may
//! lack the right to create anything once they exist. The proxy functions and partitions need
//! a superuser and stay with the deployment's scripts (`tools/pg-cluster.sh`, the compose init
//! scripts).

use super::connection::ConnectionPool;
use super::error::ShardError;
use postgres::GenericClient;

/// The idempotent coordinator script, as the deployment runs it.
const COORDINATOR_SQL: &str = include_str!("../../../deploy/postgres/coordinator.sql");

/// The tables the script creates.
pub const COORDINATOR_TABLES: [&str; 5] =
    ["adal_frequent", "adal_shard_state", "adal_pending_removal", "adal_rescan_item", "adal_worker"];

/// Advisory lock key serialising the script between processes connecting at once (concurrent
/// `CREATE TABLE IF NOT EXISTS` can still collide in the catalog).
const SCHEMA_LOCK: i64 = 0x00ad_a15c_4e3a;

/// Creates the coordinator tables that are missing; returns how many were.
pub fn ensure_coordinator_tables(pool: &ConnectionPool) -> Result<usize, ShardError> {
    pool.with(|client| {
        if count_missing(client)? == 0 {
            return Ok(0);
        }
        let mut transaction = client.transaction()?;
        transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
        // Another process may have created them while this one waited for the lock.
        let missing = count_missing(&mut transaction)?;
        if missing > 0 {
            transaction.batch_execute(COORDINATOR_SQL)?;
        }
        transaction.commit()?;
        Ok(missing)
    })
}

fn count_missing(client: &mut impl GenericClient) -> Result<usize, postgres::Error> {
    let tables: Vec<&str> = COORDINATOR_TABLES.to_vec();
    let row = client.query_one(
        "SELECT count(*) FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NULL",
        &[&tables],
    )?;
    Ok(row.get::<_, i64>(0) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_list_names_every_table_the_script_creates() {
        let created: Vec<&str> = COORDINATOR_SQL
            .lines()
            .filter_map(|line| line.trim().strip_prefix("CREATE TABLE IF NOT EXISTS "))
            .filter_map(|rest| rest.split_whitespace().next())
            .collect();
        let mut listed = COORDINATOR_TABLES.to_vec();
        let mut created_sorted = created.clone();
        listed.sort_unstable();
        created_sorted.sort_unstable();
        assert_eq!(listed, created_sorted);
    }
}
