// name: references
// description: The references the article cites ([1]-[8]), who is cited, and how many facts of the graph rest on each.
MATCH (s:Source)
WHERE s.source_type = 'reference'
OPTIONAL MATCH (p:Passage)-[:CITES]->(s)
OPTIONAL MATCH (a)-[:AUTHORED]->(s)
RETURN s.number AS number, s.id AS id, s.name_en AS reference, collect(DISTINCT a.name_en) AS authors,
       collect(DISTINCT p.id) AS passages
ORDER BY number
