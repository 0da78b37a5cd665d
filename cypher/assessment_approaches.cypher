// name: assessment_approaches
// description: The four approaches to assessing the effect (benefit or loss) of intellectual migration (the article's Figure 2) and who gains or loses under each.
MATCH (a:Approach)
OPTIONAL MATCH (a)-[r:APPROACH_TO]->(c:Concept)
RETURN a.ordinal AS ordinal, a.id AS id, a.name_en AS name, a.name_kk AS name_kk,
       a.effect_en AS effect, collect(DISTINCT c.id) AS concepts
ORDER BY ordinal
