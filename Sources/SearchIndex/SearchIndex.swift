import CPoppler
import CXapian

/// Text extraction and the Xapian index (docs/FORMAT.md describes neither: both are
/// projections, rebuilt from the repository). Knows nothing of encryption.
public enum SearchIndexLibrary {
    public static var xapianVersion: String { String(cString: cxapian_version()) }
}
