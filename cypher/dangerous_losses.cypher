// name: dangerous_losses
// description: The two kinds of specialists whose loss the article calls most dangerous (a qualitative decline), and the professions it names in each.
MATCH (:Concept {id: 'qualitative_decline'})-[:CONCERNS]->(g:Profession)
OPTIONAL MATCH (g)-[:INCLUDES]->(p:Profession)
RETURN g.id AS group_id, g.name_en AS group_name, collect(p.name_en) AS professions,
       g.description_en AS why
ORDER BY group_id
