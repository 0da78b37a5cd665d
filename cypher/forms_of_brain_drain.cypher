// name: forms_of_brain_drain
// description: The six forms brain drain can take, in the article's order, and whether the specialist physically moves.
MATCH (f:Form)-[:FORM_OF]->(c:Concept)
RETURN f.ordinal AS ordinal, f.id AS id, f.name_en AS name, f.name_kk AS name_kk,
       f.physical_move AS physical_move, f.permanence AS permanence, c.id AS form_of
ORDER BY ordinal
