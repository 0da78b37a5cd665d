// name: concept_map
// description: The concept map of intellectual migration: how the terms of Figures 1 and 2 (brain drain, exchange, mobility, internal drain, circulation, gain, waste) relate.
MATCH (a:Concept)-[r:RELATED_TO]->(b:Concept)
RETURN a.id AS concept, a.name_en AS name, r.relation AS relation, b.id AS related,
       b.name_en AS related_name, r.passages AS passages
ORDER BY concept, relation, related
