public import HavenStore
public import Hummingbird
import NIOCore

/// An export's file as an HTTP body: each sealed chunk is opened and written as the client takes it (chunked
/// transfer), so a download of a 100,000-row export holds one chunk in memory, not the file. The API and the console
/// send it the same way.
public enum ExportBody {
    public static func of(_ reader: ExportFileReader) -> ResponseBody {
        ResponseBody { writer in
            try await reader.forEachChunk { bytes in try await writer.write(ByteBuffer(bytes: bytes)) }
            try await writer.finish(nil)
        }
    }
}
