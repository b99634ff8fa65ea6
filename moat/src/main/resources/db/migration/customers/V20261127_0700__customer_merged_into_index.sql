-- A merge redirects the profiles that had been merged into the one it absorbs (merged_into = the absorbed id) and
-- records them for an unmerge. Without an index each of those look-ups read the whole customer table: with 100k
-- profiles, a bulk order link that merges a few hundred buyers spent most of its time there. Few profiles are ever
-- merged, so the index only holds those.
create index customer_merged_into_idx on customers.customer (tenant_id, merged_into) where merged_into is not null;
