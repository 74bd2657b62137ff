import Testing
@testable import PorticoPortal

@Suite struct SharePathTests {
    /// Vectors computed independently with Python's hmac, hashlib and base64 modules.
    @Test(arguments: [("acme", 1, "acme-ggzxvjkm7wnttbiohtvl"), ("acme", 2, "acme-bg47b3xqfhtf5erz4etk"),
                      ("zeleni-vrt", 1, "zeleni-vrt-zud744qsvpt55k2pnaqq")])
    func matchesTheSpecifiedDerivation(client: String, version: Int, folder: String) {
        #expect(SharePath.folder(clientID: client, linkVersion: version, secret: "correct horse battery staple") == folder)
    }

    @Test func withoutASecretThePathIsTheId() {
        #expect(SharePath.folder(clientID: "acme", linkVersion: 1, secret: nil) == "acme")
        #expect(SharePath.folder(clientID: "acme", linkVersion: 1, secret: "") == "acme")
    }

    @Test func base32FollowsRFC4648() {
        // RFC 4648 section 10 test vectors, lowercased and unpadded.
        #expect(SharePath.base32(Array("foobar".utf8)) == "mzxw6ytboi")
        #expect(SharePath.base32(Array("fo".utf8)) == "mzxq")
        #expect(SharePath.base32([]) == "")
    }
}
