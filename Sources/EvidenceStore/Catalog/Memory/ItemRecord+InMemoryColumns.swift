/// The columns of an item's row that an amendment or a reclassification names (CatalogProjector's
/// amendable and restated columns), set as SQLite's column types would keep the value.
extension ItemRecord {
    mutating func set(column: String, to value: InMemoryCatalogValue?) {
        let text = value?.text
        switch column {
        case "kind": kind = text
        case "exhibit_ref": exhibitRef = text
        case "description": description = text
        case "seized_by": seizedBy = text
        case "seized_at": seizedAt = text
        case "location": location = text
        case "classification": classification = text
        case "sensitive": sensitive = value?.integer.map { $0 != 0 }
        case "seal": seal = text
        case "storage_location": storageLocation = text
        case "sha256": sha256 = text
        case "salt": salt = text
        case "size": size = value?.integer
        case "name": name = text
        case "path": path = text
        case "modified": modified = text
        case "media_type": mediaType = text
        case "part": part = text
        case "review_date": reviewDate = text
        default: break
        }
    }
}
