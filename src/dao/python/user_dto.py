# user_dto.py: the DTO of the slides. Equality and hash use the primary key only, as
# "Mapping tables" asks; frozen, so a changed user is a new object.
from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class UserDTO:
    id: int
    name: str

    def __str__(self):
        return f'{self.id} {self.name}'

    def __eq__(self, other):
        return isinstance(other, UserDTO) and self.id == other.id

    def __hash__(self):
        return hash(self.id)
