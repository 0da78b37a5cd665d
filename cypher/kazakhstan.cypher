// name: kazakhstan
// description: Kazakhstan's situation in the article: everything stated about KAZ (trends, estimates, concepts, events), with the paragraph it comes from.
// param: country STRING ISO 3166 alpha-3 code of the country (default: KAZ)
MATCH (c:Country {id: $country})-[r]-(n)
WHERE n.kind <> 'Passage'
RETURN DISTINCT n.kind AS kind, n.id AS id, n.name_en AS name, n.description_en AS description,
       n.passages AS passages
ORDER BY kind, id
