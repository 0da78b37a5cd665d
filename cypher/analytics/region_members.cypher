// name: analytics_region_members
// description: Members of the article's regions (one PART_OF hop), each marked 'article' when the membership cites a passage of the source and 'editorial' when the seed added it.
// param: ids LIST Region ids (default: ["cis"])
MATCH (m)-[r:PART_OF]->(g:Region)
WHERE g.id IN $ids AND (m.kind = 'Country' OR m.kind = 'Region')
RETURN g.id AS region, m.id AS member,
       CASE WHEN r.passages IS NULL THEN 'editorial' ELSE 'article' END AS basis
ORDER BY region, member
