// name: analytics_edges_by_era
// description: How many MIGRATED_TO edges each era dates (one scan), to list the stages that have flows.
MATCH ()-[r:MIGRATED_TO]->()
WHERE r.era IS NOT NULL
RETURN r.era AS era, count(*) AS edges
ORDER BY era
