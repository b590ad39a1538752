using Weft.Engine.Expressions;

namespace Weft.Engine.Tests.Expressions;

public class NumberFormatterTests
{
    [Theory]
    [InlineData(0d, "0")]
    [InlineData(3d, "3")]
    [InlineData(-42d, "-42")]
    [InlineData(0.1, "0.1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(123456789012345680000d, "123456789012345680000")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(9007199254740992d, "9007199254740992")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-2.5e-8, "-2.5e-8")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(123.456, "123.456")]
    [InlineData(1d / 3, "0.3333333333333333")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Format_Number_MatchesJavaScriptToString(double value, string expected) =>
        NumberFormatter.Format(value).ShouldBe(expected);

    [Fact]
    public void Format_NegativeZero_IsZero() =>
        NumberFormatter.Format(-0d).ShouldBe("0");
}
