using Weft.Activities.Data;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.DataTesting;

public sealed class DataActivitiesTests
{
    [Fact]
    public void Register_AddsTheSixDataActivitiesWithDocumentedDefaults()
    {
        var registry = DataActivities.Register(new ActivityRegistry());

        registry.Descriptors.Select(d => d.Type).Order().ShouldBe(["document.load", "memory.add", "memory.search", "text.chunk", "vector.search", "vector.upsert"]);
        var chunk = registry.Descriptors.Single(d => d.Type == "text.chunk");
        chunk.Inputs.Single(i => i.Name == "size").Default!.GetValue<int>().ShouldBe(800);
        chunk.Inputs.Single(i => i.Name == "overlap").Default!.GetValue<int>().ShouldBe(100);
        chunk.Inputs.Single(i => i.Name == "strategy").Options.ShouldBe(["paragraph", "sentence", "fixed"]);
        chunk.Inputs.Single(i => i.Name == "text").Required.ShouldBeTrue();
        var search = registry.Descriptors.Single(d => d.Type == "vector.search");
        search.Inputs.Single(i => i.Name == "topK").Default!.GetValue<int>().ShouldBe(5);
        search.Inputs.Single(i => i.Name == "model").Default!.GetValue<string>().ShouldBe("embeddings");
        var add = registry.Descriptors.Single(d => d.Type == "memory.add");
        add.Inputs.Single(i => i.Name == "model").Default!.GetValue<string>().ShouldBe("router");
        add.Inputs.Single(i => i.Name == "dedupThreshold").Default!.GetValue<double>().ShouldBe(0.9);
        add.Inputs.Single(i => i.Name == "infer").Default!.GetValue<bool>().ShouldBeFalse();
        registry.Descriptors.ShouldAllBe(d => d.Category == "AI" && d.Description != null);
    }
}
