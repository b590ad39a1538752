using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// LISTENs on one channel over a connection of its own and yields the payloads as they arrive. When the connection
/// drops (a server restart, a network cut) it connects again, waiting a little longer after each failure (up to
/// <see cref="MaxDelay"/>), and listens on. Notifications sent while it was disconnected are lost: consumers keep a
/// slower poll as the safety net.
/// </summary>
internal sealed class PostgresListener(NpgsqlDataSource dataSource, string channel, CancellationToken stopping)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public async IAsyncEnumerable<string> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var payloads = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        var pump = Task.Run(() => PumpAsync(payloads.Writer, stop.Token), CancellationToken.None);
        try
        {
            // Ends when the store is disposed (the pump completes the channel); throws when the caller cancels.
            await foreach (var payload in payloads.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return payload;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(ChannelWriter<string> payloads, CancellationToken stop)
    {
        var delay = FirstDelay;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
                connection.Notification += (_, e) => payloads.TryWrite(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection))
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                delay = FirstDelay;
                while (true)
                    await connection.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (error is NpgsqlException or IOException or TimeoutException or ObjectDisposedException)
            {
                // Lost or refused: try again after a pause, longer each time while the server stays away.
                try
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }

        payloads.TryComplete();
    }
}
