// name: region_members
// description: The countries (and sub-regions) a region contains, and whether the membership is stated by the article or added editorially.
// param: region STRING Region id such as asia, cis or western_europe (default: cis)
MATCH (m)-[r:PART_OF]->(g:Region {id: $region})
RETURN m.id AS member, m.name_en AS name, m.kind AS level,
       CASE WHEN r.editorial = true OR r.passages IS NULL THEN 'editorial' ELSE 'article' END AS basis,
       r.note AS note
ORDER BY member
