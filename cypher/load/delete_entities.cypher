// name: delete_entities
// description: Delete one batch of (:Entity) nodes by uri, with any relationship still attached.
// params: uris (list) entity uris
UNWIND $uris AS uri
MATCH (e:Entity {uri: uri})
DETACH DELETE e
