# article_dao.py: an N:M relationship as the slides map it. An article has a set of
# creators and a creator a set of articles; the authorship table is not a class. The
# identity maps (article_map, creator_map) make a creator of two articles one object.
from dataclasses import dataclass, field


@dataclass(eq=False)
class Article:
    article_id: int
    title: str
    creators: set = field(default_factory=set)

    def get_creators(self):
        return sorted(self.creators, key=lambda c: c.creator_id)

    def add_creator(self, creator):
        self.creators.add(creator)

    def __str__(self):
        return f'{self.article_id} {self.title}'

    def __eq__(self, other):
        return isinstance(other, Article) and self.article_id == other.article_id

    def __hash__(self):
        return hash(self.article_id)


@dataclass(eq=False)
class Creator:
    creator_id: int
    name: str
    articles: set = field(default_factory=set)

    def get_articles(self):
        return sorted(self.articles, key=lambda a: a.article_id)

    def add_article(self, article):
        self.articles.add(article)

    def __str__(self):
        return f'{self.creator_id} {self.name}'

    def __eq__(self, other):
        return isinstance(other, Creator) and self.creator_id == other.creator_id

    def __hash__(self):
        return hash(self.creator_id)


class ArticleDAO:
    def __init__(self, cnxpool):
        self.cnxpool = cnxpool

    def create_tables(self):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            for query in ("""CREATE TABLE IF NOT EXISTS article (article_id INT PRIMARY KEY, title VARCHAR(128) NOT NULL) DEFAULT CHARSET=utf8mb4""",
                          """CREATE TABLE IF NOT EXISTS creator (creator_id INT PRIMARY KEY, name VARCHAR(64) NOT NULL) DEFAULT CHARSET=utf8mb4""",
                          """CREATE TABLE IF NOT EXISTS authorship (article_id INT NOT NULL, creator_id INT NOT NULL, PRIMARY KEY (article_id, creator_id), FOREIGN KEY (article_id) REFERENCES article (article_id), FOREIGN KEY (creator_id) REFERENCES creator (creator_id))"""):
                cursor.execute(query)
            cursor.close()

    def add_article(self, article, article_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            query = """INSERT INTO article (article_id, title) VALUES (%s, %s)"""
            cursor.execute(query, (article.article_id, article.title))
            cnx.commit()
            cursor.close()
        article_map[article.article_id] = article
        return article

    def add_creator(self, creator, creator_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            query = """INSERT INTO creator (creator_id, name) VALUES (%s, %s)"""
            cursor.execute(query, (creator.creator_id, creator.name))
            cnx.commit()
            cursor.close()
        creator_map[creator.creator_id] = creator
        return creator

    def add_authorship(self, article, creator):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            query = """INSERT INTO authorship (article_id, creator_id) VALUES (%s, %s)"""
            cursor.execute(query, (article.article_id, creator.creator_id))
            cnx.commit()
            cursor.close()
        article.add_creator(creator)
        creator.add_article(article)

    def list_articles(self, article_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor(dictionary=True)
            query = """SELECT article_id, title FROM article ORDER BY article_id"""
            cursor.execute(query)
            result = []
            for row in cursor:
                if row["article_id"] not in article_map:
                    article_map[row["article_id"]] = Article(row["article_id"], row["title"])
                result.append(article_map[row["article_id"]])
            cursor.close()
        return result

    def get_creator(self, creator_id, creator_map):
        if creator_id in creator_map:
            return creator_map[creator_id]
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor(dictionary=True)
            query = """SELECT creator_id, name FROM creator WHERE creator_id = %s"""
            cursor.execute(query, (creator_id,))
            row = cursor.fetchone()
            cursor.close()
        if row is None:
            return None
        creator_map[creator_id] = Creator(row["creator_id"], row["name"])
        return creator_map[creator_id]

    def get_creators_for(self, article, creator_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor(dictionary=True)
            query = """SELECT c.creator_id, c.name FROM creator c JOIN authorship a ON a.creator_id = c.creator_id WHERE a.article_id = %s ORDER BY c.creator_id"""
            cursor.execute(query, (article.article_id,))
            authors = []
            for row in cursor:
                if row["creator_id"] not in creator_map:
                    creator_map[row["creator_id"]] = Creator(row["creator_id"], row["name"])
                creator = creator_map[row["creator_id"]]
                article.add_creator(creator)
                creator.add_article(article)
                authors.append(creator)
            cursor.close()
        return authors
