// name: historical_examples
// description: Intellectual migration before 1945 in the article (Leonardo da Vinci, Peter I's manifesto, Giessen, the Pasteur Institute, German chemists), ordered by century.
// param: century INT Only this century (e.g. 18); 0 for all (default: 0)
MATCH (f:Flow)
WHERE f.century IS NOT NULL AND ($century = 0 OR f.century = $century)
OPTIONAL MATCH (f)-[:FROM]->(o)
WITH f, collect(DISTINCT o.id) AS origins
OPTIONAL MATCH (f)-[:TO]->(d)
WITH f, origins, collect(DISTINCT d.id) AS destinations
OPTIONAL MATCH (f)-[:BY]->(person:Person)
WITH f, origins, destinations, collect(DISTINCT person.name_en) AS persons
OPTIONAL MATCH (f)-[:VIA]->(i:Institution)
RETURN f.century AS century, f.id AS example, f.name_en AS what, origins, destinations,
       persons, collect(DISTINCT i.name_en) AS institutions, f.cites AS cites
ORDER BY century, example
