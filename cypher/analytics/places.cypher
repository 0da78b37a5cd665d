// name: analytics_places
// description: Name and level (Country or Region) of the places an analysis names.
// param: ids LIST Place ids (default: [])
MATCH (n)
WHERE n.id IN $ids AND (n.kind = 'Country' OR n.kind = 'Region')
RETURN n.id AS id, n.name_en AS name, n.kind AS kind
ORDER BY id
