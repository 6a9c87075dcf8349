/// The OpenAPI 3.1 document of the platform's JSON API, served at `/openapi.json`. The tests
/// check every API response against its schemas.
enum OpenAPIDocument {
  static let json = """
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Roadshow work platform API (科技成果直通车工作平台)",
        "version": "1.0.0",
        "description": "The public catalogue: only achievements that passed confidentiality review (保密审查), without the fields the programme withholds."
      },
      "paths": {
        "/api/achievements": {
          "get": {
            "operationId": "listAchievements",
            "summary": "Search the public catalogue",
            "parameters": [
              {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Words the title, summary, field or institution contain"},
              {"name": "field", "in": "query", "schema": {"type": "string"}},
              {"name": "trl", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 9}, "description": "Lowest technology readiness level"},
              {"name": "province", "in": "query", "schema": {"type": "string"}},
              {"name": "region", "in": "query", "schema": {"type": "string", "enum": ["east", "central", "west", "northeast"]}},
              {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
              {"name": "perPage", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}
            ],
            "responses": {
              "200": {"description": "A page of the catalogue", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AchievementList"}}}}
            }
          }
        },
        "/api/achievements/{id}": {
          "get": {
            "operationId": "getAchievement",
            "summary": "One published achievement",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {
              "200": {"description": "The achievement", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Achievement"}}}},
              "404": {"description": "Unknown, or not cleared for publication", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Achievement": {
            "type": "object",
            "required": ["id", "title", "team", "channel", "transferModes", "intellectualProperty", "url"],
            "additionalProperties": false,
            "properties": {
              "id": {"type": "string"},
              "title": {"type": "string"},
              "summary": {"type": "string"},
              "institution": {"type": "string"},
              "team": {"type": "array", "items": {"type": "string"}},
              "field": {"type": "string"},
              "trl": {"type": "integer", "minimum": 1, "maximum": 9},
              "province": {"type": "string"},
              "region": {"type": "string", "enum": ["east", "central", "west", "northeast"]},
              "channel": {"type": "string"},
              "transferModes": {"type": "array", "items": {"type": "string"}},
              "intellectualProperty": {"type": "array", "items": {"type": "string"}},
              "year": {"type": "integer"},
              "url": {"type": "string"}
            }
          },
          "AchievementList": {
            "type": "object",
            "required": ["total", "page", "perPage", "pages", "items"],
            "additionalProperties": false,
            "properties": {
              "total": {"type": "integer", "minimum": 0},
              "page": {"type": "integer", "minimum": 1},
              "perPage": {"type": "integer", "minimum": 1},
              "pages": {"type": "integer", "minimum": 1},
              "items": {"type": "array", "items": {"$ref": "#/components/schemas/Achievement"}}
            }
          },
          "Error": {
            "type": "object",
            "required": ["error", "message"],
            "additionalProperties": false,
            "properties": {"error": {"type": "string"}, "message": {"type": "string"}}
          }
        }
      }
    }
    """
}
