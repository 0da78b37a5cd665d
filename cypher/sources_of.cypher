// name: sources_of
// description: Where a fact comes from: the paragraphs of the article (Kazakh original and English gloss) and the references they cite, for any node id.
// param: id STRING Node id, e.g. a flow, country, concept or estimate (default: stage2)
MATCH (n {id: $id})-[:STATED_IN]->(p:Passage)
OPTIONAL MATCH (p)-[:CITES]->(s:Source)
RETURN n.id AS id, p.id AS passage, p.ordinal AS paragraph, p.text_kk AS text_kk,
       p.text_en AS text_en, collect(s.id) AS references
ORDER BY paragraph
