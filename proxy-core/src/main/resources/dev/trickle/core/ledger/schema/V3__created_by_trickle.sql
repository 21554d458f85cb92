ALTER TABLE ledger_user ADD COLUMN created_by_trickle SMALLINT
