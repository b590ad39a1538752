using System.Net;

namespace Weft.Studio.Forwarding;

/// <summary>
/// The browser's request body, passed on chunk by chunk. StreamContent would do the copying but not the flushing, and
/// SocketsHttpHandler holds written bytes in its buffer until it fills or the body ends — an upload the server should see
/// as it arrives would wait instead.
/// </summary>
internal sealed class StreamingRequestContent(Stream source, long? contentLength, CancellationToken cancellationToken) : HttpContent
{
    private const int ChunkSize = 16 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = contentLength ?? 0;
        return contentLength.HasValue;
    }
}
