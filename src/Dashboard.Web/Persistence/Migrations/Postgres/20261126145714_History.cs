using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class History : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HistoryItems",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Owner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    OwnerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Target = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    StartedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    EndedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    Request = table.Column<string>(type: "text", nullable: false),
                    Summary = table.Column<string>(type: "text", nullable: false),
                    Items = table.Column<long>(type: "bigint", nullable: false),
                    Bytes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HistoryItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HistoryChunks",
                columns: table => new
                {
                    ItemId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Stream = table.Column<int>(type: "integer", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HistoryChunks", x => new { x.ItemId, x.Stream, x.Seq });
                    table.ForeignKey(
                        name: "FK_HistoryChunks_HistoryItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "HistoryItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HistoryItems_Kind_StartedAtMs",
                table: "HistoryItems",
                columns: new[] { "Kind", "StartedAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_HistoryItems_Owner_StartedAtMs",
                table: "HistoryItems",
                columns: new[] { "Owner", "StartedAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_HistoryItems_StartedAtMs",
                table: "HistoryItems",
                column: "StartedAtMs");

            migrationBuilder.CreateIndex(
                name: "IX_HistoryItems_State",
                table: "HistoryItems",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HistoryChunks");

            migrationBuilder.DropTable(
                name: "HistoryItems");
        }
    }
}
