using System.Text.Json.Nodes;
using Weft.Activities.Data;
using Weft.Engine.Activities;

namespace Weft.Activities.Vectors;

/// <summary>A vector whose length differs from its collection's dimension — typically an embeddings model other than the one the collection was built with.</summary>
public sealed class DimensionMismatchException : ActivityException
{
    public DimensionMismatchException(string collection, int collectionDimension, int vectorDimension)
        : base(DataErrors.DimensionMismatch,
            $"Collection '{collection}' holds vectors of dimension {collectionDimension}, but this vector has dimension {vectorDimension}. " +
            "Use the embeddings model the collection was built with, or another collection.",
            retryable: false,
            new JsonObject { ["collection"] = collection, ["collectionDimension"] = collectionDimension, ["vectorDimension"] = vectorDimension })
    {
        Collection = collection;
        CollectionDimension = collectionDimension;
        VectorDimension = vectorDimension;
    }

    public string Collection { get; }
    public int CollectionDimension { get; }
    public int VectorDimension { get; }
}
