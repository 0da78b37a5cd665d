// name: analytics_own_names
// description: The graph's own English, Kazakh and Russian names of places and eras (--lang).
// param: ids LIST Node ids (default: [])
MATCH (n)
WHERE n.id IN $ids AND (n.kind = 'Country' OR n.kind = 'Region' OR n.kind = 'Era')
RETURN n.id AS id, n.kind AS kind, n.name_en AS name_en, n.name_kk AS name_kk,
       n.name_ru AS name_ru
ORDER BY id
