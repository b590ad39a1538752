using Weft.Engine.Storage;
using Weft.WorkflowServer.Api;

namespace Weft.WorkflowServer.Tests;

public sealed class EventSequencerTests
{
    private static InstanceEvent E(long sequence) => new("i", sequence, "t" + sequence, null, null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void TakeReady_OutOfOrder_WaitsForTheGapThenReleasesInOrder()
    {
        var sequencer = new EventSequencer(0);
        sequencer.Offer(E(2));
        sequencer.Offer(E(3));

        sequencer.TakeReady().ShouldBeEmpty();
        sequencer.HasGap.ShouldBeTrue();

        sequencer.Offer(E(1));
        sequencer.TakeReady().Select(e => e.Sequence).ShouldBe([1, 2, 3]);
        sequencer.HasGap.ShouldBeFalse();
        sequencer.LastSent.ShouldBe(3);
    }

    [Fact]
    public void Offer_SentOrWaitingAlready_IsDropped()
    {
        var sequencer = new EventSequencer(5);

        sequencer.Offer(E(4)).ShouldBeFalse();
        sequencer.Offer(E(5)).ShouldBeFalse();
        sequencer.Offer(E(7)).ShouldBeTrue();
        sequencer.Offer(E(7)).ShouldBeFalse();
        sequencer.Offer(E(6)).ShouldBeTrue();

        sequencer.TakeReady().Select(e => e.Sequence).ShouldBe([6, 7]);
    }

    [Fact]
    public void OfferStored_WithAGap_ReleasesThroughTheNewestStoredEvent()
    {
        var sequencer = new EventSequencer(0);
        sequencer.Offer(E(6)); // live, beyond what the store holds

        sequencer.OfferStored([E(1), E(2), E(4)]); // 3 was lost (a crash took it): it will never come

        sequencer.TakeReady().Select(e => e.Sequence).ShouldBe([1, 2, 4]);
        sequencer.HasGap.ShouldBeTrue(); // 5 may still arrive
        sequencer.TakeAll().Select(e => e.Sequence).ShouldBe([6]);
        sequencer.LastSent.ShouldBe(6);
    }
}
