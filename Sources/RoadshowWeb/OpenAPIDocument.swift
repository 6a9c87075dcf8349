/// The OpenAPI 3.1 document of the platform's JSON API, served at `/openapi.json`. The tests
/// check every API response against its schemas, and every route against its paths.
enum OpenAPIDocument {
  static let json = """
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Roadshow work platform API (科技成果直通车工作平台)",
        "version": "1.0.0",
        "description": "The work platform's JSON API: the public catalogue (only achievements that passed confidentiality review (保密审查), without the fields the programme withholds), and the operations of every party, by the same rules as the pages. Open a session with POST /api/session (it sets the session cookie and answers the CSRF token); every other POST sends that token in the X-CSRF-Token header."
      },
      "paths": {
        "/api/achievements": {
          "get": {
            "operationId": "listAchievements",
            "summary": "Search the public catalogue",
            "parameters": [
              {
                "name": "q",
                "in": "query",
                "schema": {
                  "type": "string"
                },
                "description": "Words the title, summary, field or institution contain"
              },
              {
                "name": "field",
                "in": "query",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "trl",
                "in": "query",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 9
                },
                "description": "Lowest technology readiness level"
              },
              {
                "name": "province",
                "in": "query",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "region",
                "in": "query",
                "schema": {
                  "type": "string",
                  "enum": [
                    "east",
                    "central",
                    "west",
                    "northeast"
                  ]
                }
              },
              {
                "name": "page",
                "in": "query",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "default": 1
                }
              },
              {
                "name": "perPage",
                "in": "query",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 100,
                  "default": 20
                }
              }
            ],
            "responses": {
              "200": {
                "description": "A page of the catalogue",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AchievementList"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/achievements/{id}": {
          "get": {
            "operationId": "getAchievement",
            "summary": "One published achievement",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The achievement",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Achievement"
                    }
                  }
                }
              },
              "404": {
                "description": "Unknown, or not cleared for publication",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/session": {
          "post": {
            "operationId": "openSession",
            "summary": "Log in: sets the session cookie and answers the CSRF token",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/Login"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The session",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Session"
                    }
                  }
                }
              },
              "400": {
                "description": "The body is not the JSON expected",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "401": {
                "description": "No session",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "429": {
                "description": "Too many failed logins",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/submissions": {
          "post": {
            "operationId": "submitAchievement",
            "summary": "A holder submits an achievement (项目入库), validated like intake",
            "parameters": [
              {
                "name": "X-CSRF-Token",
                "in": "header",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "The token POST /api/session answered"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SubmissionInput"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Stored, awaiting the host's confidentiality review",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Submission"
                    }
                  }
                }
              },
              "400": {
                "description": "The body is not the JSON expected",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "401": {
                "description": "No session",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "Not allowed for this role, or a missing or wrong X-CSRF-Token",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "422": {
                "description": "Not acceptable: the problems by field",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/reviews": {
          "get": {
            "operationId": "listReviews",
            "summary": "An expert's assignments (评审任务)",
            "responses": {
              "200": {
                "description": "The assignments",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ReviewTask"
                      }
                    }
                  }
                }
              },
              "401": {
                "description": "No session",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "Not allowed for this role, or a missing or wrong X-CSRF-Token",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/reviews/{round}/{id}": {
          "post": {
            "operationId": "scoreAchievement",
            "summary": "An expert's scores or recusal for one assignment",
            "parameters": [
              {
                "name": "round",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "X-CSRF-Token",
                "in": "header",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "The token POST /api/session answered"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ScoreInput"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Recorded",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Review"
                    }
                  }
                }
              },
              "400": {
                "description": "The body is not the JSON expected",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "401": {
                "description": "No session",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "Not allowed for this role, or a missing or wrong X-CSRF-Token",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "404": {
                "description": "Not found (or not the caller's)",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "422": {
                "description": "Not acceptable: the problems by field",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/notices": {
          "get": {
            "operationId": "listNotices",
            "summary": "The notices (工作通知) for the caller; a visitor's are the public ones",
            "responses": {
              "200": {
                "description": "The notices, newest first",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Notice"
                      }
                    }
                  }
                }
              }
            }
          },
          "post": {
            "operationId": "publishNotice",
            "summary": "An office publishes a notice",
            "parameters": [
              {
                "name": "X-CSRF-Token",
                "in": "header",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "The token POST /api/session answered"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/NoticeInput"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Published",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Notice"
                    }
                  }
                }
              },
              "400": {
                "description": "The body is not the JSON expected",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "401": {
                "description": "No session",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "Not allowed for this role, or a missing or wrong X-CSRF-Token",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "422": {
                "description": "Not acceptable: the problems by field",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/events": {
          "get": {
            "operationId": "listEvents",
            "summary": "Events open for enterprise registration (企业报名); offices also get the registrations they may see",
            "responses": {
              "200": {
                "description": "The events",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Events"
                    }
                  }
                }
              },
              "401": {
                "description": "No session",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "Not allowed for this role, or a missing or wrong X-CSRF-Token",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/events/{key}/registrations": {
          "post": {
            "operationId": "registerForEvent",
            "summary": "An enterprise registers (again) for an open event",
            "parameters": [
              {
                "name": "key",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "X-CSRF-Token",
                "in": "header",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "The token POST /api/session answered"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/RegistrationInput"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Registered",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Registration"
                    }
                  }
                }
              },
              "400": {
                "description": "The body is not the JSON expected",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "401": {
                "description": "No session",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "Not allowed for this role, or a missing or wrong X-CSRF-Token",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "404": {
                "description": "Not found (or not the caller's)",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "422": {
                "description": "Not acceptable: the problems by field",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/achievements/{id}/interest": {
          "post": {
            "operationId": "answerInterest",
            "summary": "An enterprise's interest in a published achievement (对接意向)",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "X-CSRF-Token",
                "in": "header",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "The token POST /api/session answered"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/InterestInput"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Recorded (the latest answer stands)",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Interest"
                    }
                  }
                }
              },
              "400": {
                "description": "The body is not the JSON expected",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "401": {
                "description": "No session",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "Not allowed for this role, or a missing or wrong X-CSRF-Token",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "404": {
                "description": "Not found (or not the caller's)",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "422": {
                "description": "Not acceptable: the problems by field",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/dashboard": {
          "get": {
            "operationId": "dashboard",
            "summary": "The office's figures: funnel, events, follow-up due, confidentiality to-do",
            "responses": {
              "200": {
                "description": "The figures",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Dashboard"
                    }
                  }
                }
              },
              "401": {
                "description": "No session",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "Not allowed for this role, or a missing or wrong X-CSRF-Token",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Achievement": {
            "type": "object",
            "required": [
              "id",
              "title",
              "team",
              "channel",
              "transferModes",
              "intellectualProperty",
              "url"
            ],
            "additionalProperties": false,
            "properties": {
              "id": {
                "type": "string"
              },
              "title": {
                "type": "string"
              },
              "summary": {
                "type": "string"
              },
              "institution": {
                "type": "string"
              },
              "team": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "field": {
                "type": "string"
              },
              "trl": {
                "type": "integer",
                "minimum": 1,
                "maximum": 9
              },
              "province": {
                "type": "string"
              },
              "region": {
                "type": "string",
                "enum": [
                  "east",
                  "central",
                  "west",
                  "northeast"
                ]
              },
              "channel": {
                "type": "string"
              },
              "transferModes": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "intellectualProperty": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "year": {
                "type": "integer"
              },
              "url": {
                "type": "string"
              }
            }
          },
          "AchievementList": {
            "type": "object",
            "required": [
              "total",
              "page",
              "perPage",
              "pages",
              "items"
            ],
            "additionalProperties": false,
            "properties": {
              "total": {
                "type": "integer",
                "minimum": 0
              },
              "page": {
                "type": "integer",
                "minimum": 1
              },
              "perPage": {
                "type": "integer",
                "minimum": 1
              },
              "pages": {
                "type": "integer",
                "minimum": 1
              },
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Achievement"
                }
              }
            }
          },
          "Error": {
            "type": "object",
            "required": [
              "error",
              "message"
            ],
            "additionalProperties": false,
            "properties": {
              "error": {
                "type": "string"
              },
              "message": {
                "type": "string"
              },
              "fields": {
                "type": "object",
                "additionalProperties": {
                  "type": "string"
                }
              }
            }
          },
          "Login": {
            "type": "object",
            "required": [
              "username",
              "password"
            ],
            "additionalProperties": false,
            "properties": {
              "username": {
                "type": "string"
              },
              "password": {
                "type": "string"
              }
            }
          },
          "Session": {
            "type": "object",
            "required": [
              "username",
              "displayName",
              "role",
              "csrf"
            ],
            "additionalProperties": false,
            "properties": {
              "username": {
                "type": "string"
              },
              "displayName": {
                "type": "string"
              },
              "role": {
                "type": "string",
                "enum": [
                  "organiser",
                  "province",
                  "host",
                  "expert",
                  "holder",
                  "enterprise",
                  "public"
                ]
              },
              "scope": {
                "type": "string"
              },
              "csrf": {
                "type": "string"
              }
            }
          },
          "SubmissionInput": {
            "type": "object",
            "required": [],
            "additionalProperties": false,
            "properties": {
              "title": {
                "type": "string"
              },
              "summary": {
                "type": "string"
              },
              "institution": {
                "type": "string"
              },
              "team": {
                "type": "string"
              },
              "field": {
                "type": "string"
              },
              "trl": {
                "type": "string"
              },
              "province": {
                "type": "string"
              },
              "transferModes": {
                "type": "string"
              },
              "ip": {
                "type": "string"
              },
              "year": {
                "type": "string"
              },
              "host": {
                "type": "string"
              }
            }
          },
          "Submission": {
            "type": "object",
            "required": [
              "id",
              "host",
              "status"
            ],
            "additionalProperties": false,
            "properties": {
              "id": {
                "type": "string"
              },
              "host": {
                "type": "string"
              },
              "status": {
                "type": "string",
                "enum": [
                  "pending",
                  "cleared",
                  "restricted"
                ]
              }
            }
          },
          "ReviewTask": {
            "type": "object",
            "required": [
              "round",
              "roundName",
              "blind",
              "achievement",
              "status",
              "criteria"
            ],
            "additionalProperties": false,
            "properties": {
              "round": {
                "type": "string"
              },
              "roundName": {
                "type": "string"
              },
              "event": {
                "type": "string"
              },
              "blind": {
                "type": "boolean"
              },
              "achievement": {
                "type": "string"
              },
              "title": {
                "type": "string"
              },
              "status": {
                "type": "string",
                "enum": [
                  "pending",
                  "scored",
                  "recused"
                ]
              },
              "criteria": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "scores": {
                "type": "object",
                "additionalProperties": {
                  "type": "number"
                }
              }
            }
          },
          "ScoreInput": {
            "type": "object",
            "required": [],
            "additionalProperties": false,
            "properties": {
              "scores": {
                "type": "object",
                "additionalProperties": {
                  "type": "number"
                }
              },
              "comment": {
                "type": "string"
              },
              "recusal": {
                "type": "string"
              }
            }
          },
          "Review": {
            "type": "object",
            "required": [
              "round",
              "achievement",
              "scores",
              "recordedAt"
            ],
            "additionalProperties": false,
            "properties": {
              "round": {
                "type": "string"
              },
              "achievement": {
                "type": "string"
              },
              "scores": {
                "type": "object",
                "additionalProperties": {
                  "type": "number"
                }
              },
              "comment": {
                "type": "string"
              },
              "recusal": {
                "type": "string"
              },
              "recordedAt": {
                "type": "string"
              }
            }
          },
          "NoticeInput": {
            "type": "object",
            "required": [],
            "additionalProperties": false,
            "properties": {
              "title": {
                "type": "string"
              },
              "body": {
                "type": "string"
              },
              "audience": {
                "type": "string",
                "enum": [
                  "everyone",
                  "enterprises",
                  "holders",
                  "experts",
                  "offices"
                ]
              }
            }
          },
          "Notice": {
            "type": "object",
            "required": [
              "publisher",
              "audience",
              "title",
              "body",
              "publishedAt"
            ],
            "additionalProperties": false,
            "properties": {
              "id": {
                "type": "integer"
              },
              "publisher": {
                "type": "string"
              },
              "audience": {
                "type": "string",
                "enum": [
                  "everyone",
                  "enterprises",
                  "holders",
                  "experts",
                  "offices"
                ]
              },
              "title": {
                "type": "string"
              },
              "body": {
                "type": "string"
              },
              "publishedAt": {
                "type": "string"
              }
            }
          },
          "OpenEvent": {
            "type": "object",
            "required": [
              "key",
              "name",
              "host"
            ],
            "additionalProperties": false,
            "properties": {
              "key": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "date": {
                "type": "string"
              },
              "host": {
                "type": "string"
              },
              "registered": {
                "type": "boolean"
              }
            }
          },
          "Registration": {
            "type": "object",
            "required": [
              "event",
              "organisation",
              "contact",
              "demand",
              "registeredAt"
            ],
            "additionalProperties": false,
            "properties": {
              "event": {
                "type": "string"
              },
              "organisation": {
                "type": "string"
              },
              "contact": {
                "type": "string"
              },
              "demand": {
                "type": "string"
              },
              "registeredAt": {
                "type": "string"
              }
            }
          },
          "Events": {
            "type": "object",
            "required": [
              "events"
            ],
            "additionalProperties": false,
            "properties": {
              "events": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/OpenEvent"
                }
              },
              "registrations": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Registration"
                }
              }
            }
          },
          "RegistrationInput": {
            "type": "object",
            "required": [],
            "additionalProperties": false,
            "properties": {
              "contact": {
                "type": "string"
              },
              "demand": {
                "type": "string"
              }
            }
          },
          "InterestInput": {
            "type": "object",
            "required": [],
            "additionalProperties": false,
            "properties": {
              "level": {
                "type": "string",
                "description": "none, low, medium, high (or 无意向, 了解, 有意向, 强烈意向)"
              },
              "note": {
                "type": "string"
              }
            }
          },
          "Interest": {
            "type": "object",
            "required": [
              "achievement",
              "level",
              "note",
              "recordedAt"
            ],
            "additionalProperties": false,
            "properties": {
              "achievement": {
                "type": "string"
              },
              "level": {
                "type": "string",
                "enum": [
                  "none",
                  "low",
                  "medium",
                  "high"
                ]
              },
              "note": {
                "type": "string"
              },
              "recordedAt": {
                "type": "string"
              }
            }
          },
          "Dashboard": {
            "type": "object",
            "required": [
              "scope",
              "year",
              "asOf",
              "collected",
              "screened",
              "pitched",
              "events",
              "landed",
              "overdue",
              "due",
              "pendingClearance"
            ],
            "additionalProperties": false,
            "properties": {
              "scope": {
                "type": "string"
              },
              "year": {
                "type": "integer"
              },
              "asOf": {
                "type": "string"
              },
              "collected": {
                "type": "integer",
                "minimum": 0
              },
              "screened": {
                "type": "integer",
                "minimum": 0
              },
              "pitched": {
                "type": "integer",
                "minimum": 0
              },
              "events": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "landed": {
                "type": "integer",
                "minimum": 0
              },
              "overdue": {
                "type": "integer",
                "minimum": 0
              },
              "due": {
                "type": "integer",
                "minimum": 0
              },
              "pendingClearance": {
                "type": "integer",
                "minimum": 0
              }
            }
          }
        }
      }
    }
    """
}
